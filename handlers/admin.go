package handlers

import (
	"fmt"
	"maps"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
	"samla/views"
)

type adminData struct {
	Users []models.User
	// UserCount is how many users match the search (Q), UsersPager their pages.
	UserCount   int64
	UsersPager  pager
	Tokens      []models.Token
	UserOptions []views.Option
	NewToken    string
	Areas       []string
	Providers   []models.Provider
	Roles       []string
	Muns        []views.Option
}

// adminPage shows users, API tokens and settings. A new token's secret is
// shown on the page that answers its creation, and never again.
func (s *Server) adminPage(c fiber.Ctx) error {
	return s.renderAdmin(c, fiber.StatusOK, nil, nil, "")
}

func (s *Server) renderAdmin(c fiber.Ctx, status int, form map[string]string, errs models.FieldErrors, newToken string) error {
	users, err := s.DB.Users(c.Context())
	if err != nil {
		return err
	}
	tokens, err := s.DB.Tokens(c.Context())
	if err != nil {
		return err
	}
	p := s.page(c, "admin.title")
	// The settings as stored, under what the user typed in the failed form.
	set, err := s.DB.Settings(c.Context())
	if err != nil {
		return err
	}
	p.Form = set.Map()
	p.Form["public_site"] = map[bool]string{true: "on"}[set.PublicSite]
	maps.Copy(p.Form, form)
	p.Errors = errs
	// A token's user is chosen from a list in a small programme, and
	// typed as an e-mail address where the list would be too long.
	opts := make([]views.Option, 0, len(users))
	for _, u := range users {
		if !u.Disabled {
			opts = append(opts, views.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name + " (" + u.Email + ")"})
		}
	}
	if len(opts) > tokenUserOptions {
		opts = nil
	}
	p.Form["q"] = strings.TrimSpace(c.Query("q"))
	users = searchUsers(users, p.Form["q"])
	all := len(users)
	users, pg := pageOfList(p, c, "/admin", users, usersPerPage)
	providers, err := s.DB.Providers(c.Context())
	if err != nil {
		return err
	}
	muns, _, err := s.municipalityOptions(c, p.T("sso.f.municipality.none"))
	if err != nil {
		return err
	}
	var roles []string
	for _, r := range models.Roles {
		if r != models.RoleAdmin {
			roles = append(roles, string(r))
		}
	}
	if p.Form["sso_default_role"] == "" {
		p.Form["sso_default_role"] = string(models.RoleViewer)
	}
	p.Data = adminData{Users: users, UserCount: int64(all), UsersPager: pg, Tokens: tokens, UserOptions: opts, NewToken: newToken, Areas: models.ServiceAreas,
		Providers: providers, Roles: roles, Muns: muns}
	return s.render(c, status, "admin", p)
}

var settingsFields = func() []string {
	out := []string{"programme_name", "hours_per_fte", "report_deadline_day", "national_threshold_nok", "eea_threshold_nok", "expiry_horizon_months", "hour_value_nok", "backup_dir", "backup_keep"}
	for _, a := range models.ServiceAreas {
		out = append(out, "hour_value_nok."+a)
	}
	return out
}()

func (s *Server) saveSettings(c fiber.Ctx) error {
	form := map[string]string{}
	for _, k := range settingsFields {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	f := models.FieldErrors{}
	num := func(k string) int64 {
		n, ok := parseInt(form[k])
		if !ok {
			f.Add(k, "number")
		}
		return n
	}
	set := models.Settings{
		ProgrammeName:      form["programme_name"],
		HoursPerFTE:        num("hours_per_fte"),
		ReportDeadlineDay:  int(num("report_deadline_day")),
		NationalThreshold:  num("national_threshold_nok"),
		EEAThreshold:       num("eea_threshold_nok"),
		ExpiryHorizonMonth: int(num("expiry_horizon_months")),
		HourValueNOK:       num("hour_value_nok"),
		BackupDir:          form["backup_dir"],
		BackupKeep:         int(num("backup_keep")),
		PublicSite:         c.FormValue("public_site") == "on",
	}
	form["public_site"] = c.FormValue("public_site")
	for i, a := range models.ServiceAreas {
		if form["hour_value_nok."+a] != "" {
			set.AreaHourValues[i] = num("hour_value_nok." + a)
		}
	}
	f, err := saveForm(f, set.Validate, func() error { return s.DB.SaveSettings(c.Context(), actorOf(c), set) })
	if err != nil {
		return err
	}
	if len(f) > 0 {
		return s.renderAdmin(c, fiber.StatusUnprocessableEntity, form, f, "")
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/admin?saved=1#settings")
}

type userFormData struct {
	New                 bool
	Action              string
	RoleOptions         []views.Option
	MunicipalityOptions []views.Option
}

func (s *Server) userFormData(c fiber.Ctx, p *views.Page, isNew bool, action string) (userFormData, error) {
	list, err := s.DB.Municipalities(c.Context())
	if err != nil {
		return userFormData{}, err
	}
	d := userFormData{New: isNew, Action: action}
	for _, r := range models.Roles {
		d.RoleOptions = append(d.RoleOptions, views.Option{Value: string(r), Label: p.RoleName(r)})
	}
	d.MunicipalityOptions = append(d.MunicipalityOptions, views.Option{Value: "", Label: p.T("admin.user.mun.none")})
	for _, m := range list {
		d.MunicipalityOptions = append(d.MunicipalityOptions, views.Option{Value: m.Number, Label: m.Number + " " + m.Name})
	}
	return d, nil
}

func (s *Server) renderUserForm(c fiber.Ctx, status int, isNew bool, action string, form map[string]string, errs models.FieldErrors) error {
	key := "admin.user.edit"
	if isNew {
		key = "admin.user.new"
	}
	p := s.page(c, key)
	if form != nil {
		p.Form = form
	}
	p.Errors = errs
	d, err := s.userFormData(c, p, isNew, action)
	if err != nil {
		return err
	}
	p.Data = d
	return s.render(c, status, "user_form", p)
}

func (s *Server) newUserPage(c fiber.Ctx) error {
	return s.renderUserForm(c, fiber.StatusOK, true, "/admin/users/new", map[string]string{"role": string(models.RoleViewer)}, nil)
}

var userFields = []string{"name", "email", "role", "municipality", "disabled"}

func userFromForm(c fiber.Ctx) (models.User, map[string]string) {
	form := map[string]string{}
	for _, k := range userFields {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	return models.User{
		Name: form["name"], Email: form["email"], Role: models.Role(form["role"]),
		Municipality: form["municipality"], Disabled: form["disabled"] == "on",
	}, form
}

func (s *Server) createUser(c fiber.Ctx) error {
	u, form := userFromForm(c)
	_, err := s.DB.CreateUser(c.Context(), actorOf(c), u, c.FormValue("password"))
	if f := models.Fields(err); f != nil {
		return s.renderUserForm(c, fiber.StatusUnprocessableEntity, true, "/admin/users/new", form, f)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/admin?saved=1")
}

func (s *Server) userParam(c fiber.Ctx) (models.User, error) {
	return loadParam(c, s.DB.User)
}

func (s *Server) editUserPage(c fiber.Ctx) error {
	u, err := s.userParam(c)
	if err != nil {
		return err
	}
	form := map[string]string{"name": u.Name, "email": u.Email, "role": string(u.Role), "municipality": u.Municipality}
	if u.Disabled {
		form["disabled"] = "on"
	}
	return s.renderUserForm(c, fiber.StatusOK, false, fmt.Sprintf("/admin/users/%d", u.ID), form, nil)
}

// updateUser saves the user and, when one was typed, a new password.
func (s *Server) updateUser(c fiber.Ctx) error {
	before, err := s.userParam(c)
	if err != nil {
		return err
	}
	u, form := userFromForm(c)
	u.ID, u.Lang = before.ID, before.Lang
	action := fmt.Sprintf("/admin/users/%d", u.ID)
	keep := ""
	if u.ID == currentUser(c).ID {
		keep = sessionOf(c)
	}
	_, err = s.DB.UpdateUser(c.Context(), actorOf(c), u, c.FormValue("password"), keep)
	if f := models.Fields(err); f != nil {
		return s.renderUserForm(c, fiber.StatusUnprocessableEntity, false, action, form, f)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/admin?saved=1")
}

// usersPerPage is how many users the admin page lists at a time;
// tokenUserOptions how many active users the token form offers as a list.
const usersPerPage, tokenUserOptions = 50, 100

// searchUsers keeps the users whose name, e-mail, role or municipality
// contains q (any case).
func searchUsers(users []models.User, q string) []models.User {
	if q == "" {
		return users
	}
	q = strings.ToLower(q)
	var out []models.User
	for _, u := range users {
		if strings.Contains(strings.ToLower(u.Name+" "+u.Email+" "+string(u.Role)+" "+u.Municipality), q) {
			out = append(out, u)
		}
	}
	return out
}

func (s *Server) createToken(c fiber.Ctx) error {
	// The user comes as an e-mail address (a long user list) or an id.
	if email := strings.TrimSpace(c.FormValue("user_email")); email != "" || c.FormValue("user_id") == "" {
		u, err := s.DB.UserByEmail(c.Context(), email)
		if err != nil || u.Disabled {
			reason := "unknown"
			if email == "" {
				reason = "required"
			}
			return s.renderAdmin(c, fiber.StatusUnprocessableEntity, map[string]string{"user_email": email, "label": c.FormValue("label")},
				models.FieldErrors{"user_email": reason}, "")
		}
		return s.finishToken(c, u.ID)
	}
	id, err := strconv.ParseInt(c.FormValue("user_id"), 10, 64)
	if err != nil {
		return s.renderAdmin(c, fiber.StatusUnprocessableEntity, nil, models.FieldErrors{"user_id": "choice"}, "")
	}
	return s.finishToken(c, id)
}

func (s *Server) finishToken(c fiber.Ctx, id int64) error {
	secret, _, err := s.DB.CreateToken(c.Context(), actorOf(c), id, c.FormValue("label"))
	if f := models.Fields(err); f != nil || err == models.ErrNotFound {
		if f == nil {
			f = models.FieldErrors{"user_id": "choice"}
		}
		return s.renderAdmin(c, fiber.StatusUnprocessableEntity, nil, f, "")
	}
	if err != nil {
		return err
	}
	c.Set("Cache-Control", "no-store")
	return s.renderAdmin(c, fiber.StatusCreated, nil, nil, secret)
}

func (s *Server) revokeToken(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.DB.RevokeToken(c.Context(), actorOf(c), id); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/admin?saved=1#tokens")
}

func auditFilter(c fiber.Ctx) data.AuditFilter {
	f := data.AuditFilter{Entity: strings.TrimSpace(c.Query("entity")), EntityID: strings.TrimSpace(c.Query("id"))}
	f.BeforeID, _ = strconv.ParseInt(c.Query("before"), 10, 64)
	f.UserID, _ = strconv.ParseInt(c.Query("user"), 10, 64)
	f.Limit, _ = strconv.Atoi(c.Query("limit"))
	f.From, _ = models.ParseDate(c.Query("from"))
	f.To, _ = models.ParseDate(c.Query("to"))
	return f
}

// auditCSV exports the filtered audit trail.
func (s *Server) auditCSV(c fiber.Ctx) error {
	f := auditFilter(c)
	f.Limit, f.BeforeID = 100000, 0
	entries, _, err := s.DB.Audit(c.Context(), f)
	if err != nil {
		return err
	}
	sh := sheet{Header: []string{"id", "at", "actor", "entity", "entity_id", "action", "before", "after"}}
	for _, e := range entries {
		sh.Rows = append(sh.Rows, []string{i64(e.ID), e.At.Format("2006-01-02T15:04:05Z"), e.Actor, e.Entity, e.EntityID, e.Action, e.Before, e.After})
	}
	return sendFile(c, "text/csv; charset=utf-8", "endringslogg.csv", writeCSV(sh))
}

func (s *Server) auditPage(c fiber.Ctx) error {
	f := auditFilter(c)
	f.Limit = 100
	entries, _, err := s.DB.Audit(c.Context(), f)
	if err != nil {
		return err
	}
	p := s.page(c, "audit.title")
	p.Form = map[string]string{"entity": f.Entity, "id": f.EntityID, "user": c.Query("user"), "from": c.Query("from"), "to": c.Query("to")}
	query := url.Values{"entity": {f.Entity}, "id": {f.EntityID}, "user": {c.Query("user")}, "from": {c.Query("from")}, "to": {c.Query("to")}}
	older := ""
	if len(entries) == f.Limit {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		older = "/admin/audit?" + q.Encode()
	}
	users, err := s.DB.Users(c.Context())
	if err != nil {
		return err
	}
	userOpts := []views.Option{{Value: "", Label: p.T("proj.filter.all")}}
	for _, u := range users {
		userOpts = append(userOpts, views.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name})
	}
	p.Data = struct {
		Entries     []models.AuditEntry
		Older       string
		CSV         string
		UserOptions []views.Option
	}{entries, older, "/admin/audit.csv?" + query.Encode(), userOpts}
	return s.render(c, fiber.StatusOK, "audit", p)
}
