package handlers

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v3"

	"samla/models"
	"samla/reports"
	"samla/views"
)

// The network: other networks' samla sites (peers) whose public catalogue
// samla reads, the /network page that lists their projects, and "similar
// projects in other networks" on our project pages.

// network holds the reader of peers' catalogues, made on first use.
type network struct {
	once   sync.Once
	reader *reports.PeerReader
	err    error
}

// peerReader is made once, with the configuration's outbound guard.
func (s *Server) peerReader() (*reports.PeerReader, error) {
	s.network.once.Do(func() { s.network.reader, s.network.err = reports.NewPeerReader(s.cfg.Outbound) })
	return s.network.reader, s.network.err
}

type peerInput struct {
	Name    *string `json:"name"`
	BaseURL *string `json:"base_url"`
}

// addPeer checks the address, reads the peer's catalogue once and keeps
// it: a peer that cannot be read is not added (422).
func (s *Server) addPeer(ctx context.Context, actor models.Actor, name, baseURL string) (models.Peer, error) {
	base, err := models.NormalizeBaseURL(baseURL)
	if err != nil {
		return models.Peer{}, err
	}
	r, err := s.peerReader()
	if err != nil {
		return models.Peer{}, err
	}
	cat, etag, lm, err := r.Read(ctx, base, "", "")
	var pe *reports.PeerError
	if errors.As(err, &pe) {
		code := "unreadable"
		switch pe.Code {
		case "scheme", "host", "address_not_allowed", "url", "unresolvable":
			code = "address_not_allowed"
		}
		return models.Peer{}, &models.Error{Code: models.EINVALID, Message: pe.Message, Fields: map[string]string{"base_url": code}}
	}
	if err != nil {
		return models.Peer{}, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = cat.Programme
	}
	return s.DB.CreatePeer(ctx, actor, models.Peer{Name: name, BaseURL: base, ETag: etag, LastModified: lm}, *cat)
}

func (s *Server) apiPeers(c fiber.Ctx) error {
	list, err := s.DB.Peers(c.Context())
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiCreatePeer(c fiber.Ctx) error {
	var in peerInput
	if err := decodeNew(c, &in, models.Peer{}); err != nil {
		return err
	}
	if in.BaseURL == nil {
		return models.FieldErrors{"base_url": "required"}.Err()
	}
	name := ""
	if in.Name != nil {
		name = *in.Name
	}
	p, err := s.addPeer(c.Context(), actorOf(c), name, *in.BaseURL)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}

func (s *Server) apiDeletePeer(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.DB.DeletePeer(c.Context(), actorOf(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// refreshPeer reads a peer now; a failure is recorded on the peer (its
// last good copy stays) and is not an error of the request.
func (s *Server) refreshPeer(c fiber.Ctx) (models.Peer, error) {
	p, err := loadParam(c, s.DB.Peer)
	if err != nil {
		return p, err
	}
	r, err := s.peerReader()
	if err != nil {
		return p, err
	}
	var pe *reports.PeerError
	if err := r.RefreshPeer(c.Context(), s.DB, p); err != nil && !errors.As(err, &pe) {
		return p, err
	}
	return s.DB.Peer(c.Context(), p.ID)
}

func (s *Server) apiRefreshPeer(c fiber.Ctx) error {
	p, err := s.refreshPeer(c)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (s *Server) apiNetworkProjects(c fiber.Ctx) error {
	q := strings.TrimSpace(c.Query("q"))
	if len([]rune(q)) > 200 {
		return models.FieldErrors{"q": "too_long"}.Err()
	}
	list, _, err := s.DB.NetworkProjects(c.Context(), q, 0, 0)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

type networkData struct {
	Peers    []models.Peer
	Projects []models.PeerProject
	Total    int64
	Pager    pager
	IsAdmin  bool
}

const networkPerPage = 50

func (s *Server) networkPage(c fiber.Ctx) error {
	return s.renderNetwork(c, fiber.StatusOK, nil, nil)
}

func (s *Server) renderNetwork(c fiber.Ctx, status int, form map[string]string, errs models.FieldErrors) error {
	p := s.page(c, "net.title")
	p.Errors = errs
	for k, v := range form {
		p.Form[k] = v
	}
	q := strings.TrimSpace(c.Query("q"))
	if len([]rune(q)) > 200 {
		q = string([]rune(q)[:200])
	}
	p.Form["q"] = q
	peers, err := s.DB.Peers(c.Context())
	if err != nil {
		return err
	}
	page := pageNumber(c)
	list, total, err := s.DB.NetworkProjects(c.Context(), q, networkPerPage, (page-1)*networkPerPage)
	if err != nil {
		return err
	}
	p.Data = networkData{Peers: peers, Projects: list, Total: int64(total), Pager: newPager(p, c, "/network", page, total, networkPerPage),
		IsAdmin: currentUser(c).Role.IsAdmin()}
	return s.render(c, status, "network", p)
}

func (s *Server) createPeerForm(c fiber.Ctx) error {
	form := map[string]string{"peer_name": strings.TrimSpace(c.FormValue("peer_name")), "peer_base_url": strings.TrimSpace(c.FormValue("peer_base_url"))}
	_, err := s.addPeer(c.Context(), actorOf(c), form["peer_name"], form["peer_base_url"])
	if f := models.Fields(err); f != nil {
		errs := models.FieldErrors{}
		for k, v := range f {
			errs["peer_"+k] = v
		}
		return s.renderNetwork(c, fiber.StatusUnprocessableEntity, form, errs)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/network?saved=1")
}

func (s *Server) refreshPeerForm(c fiber.Ctx) error {
	if _, err := s.refreshPeer(c); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/network?saved=1#peers")
}

func (s *Server) deletePeerForm(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.DB.DeletePeer(c.Context(), actorOf(c), id); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/network?saved=1#peers")
}

// similarInNetwork are the peers' projects like this one: the partial
// "similar" shows them (views.Page.Similar); ideas use the same matching.
func (s *Server) similarInNetwork(ctx context.Context, p models.Project) ([]models.PeerProject, error) {
	all, err := s.DB.AllNetworkProjects(ctx)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	solutions, err := s.DB.ProjectSolutionNames(ctx, p)
	if err != nil {
		return nil, err
	}
	return models.Similar(p.Title, p.Description, p.ServiceArea, solutions, all, 5), nil
}

// similarToIdea are the peers' projects like an idea: the solutions its
// text names, or its service area and shared words.
func (s *Server) similarToIdea(ctx context.Context, i models.Idea) ([]models.PeerProject, error) {
	all, err := s.DB.AllNetworkProjects(ctx)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	text := i.Need + " " + i.Proposal + " " + i.ExpectedBenefits
	return models.Similar(i.Title, text, i.ServiceArea, models.SolutionsMentioned(i.Title+" "+text, all), all, 5), nil
}

// similarBlock is the block of a project page, rendered apart so that the
// project page's own data stays as it is.
func (s *Server) similarBlock(c fiber.Ctx, page *views.Page, p models.Project) (views.SimilarBlock, error) {
	list, err := s.similarInNetwork(c.Context(), p)
	return page.Similar(list), err
}

var peerDocs = []apiDoc{
	{"GET", "/api/v1/peers", "network", "Other networks' samla sites whose public catalogue is read (admin)", nil, "", "[]Peer", 0},
	{"POST", "/api/v1/peers", "network", "Add a peer by its base_url (admin): its catalogue is read once first; 422 when the address is not allowed or the catalogue cannot be read", nil, "Peer", "Peer", 201},
	{"DELETE", "/api/v1/peers/{id}", "network", "Remove a peer and its copy of the catalogue (admin)", nil, "", "", 204},
	{"POST", "/api/v1/peers/{id}/refresh", "network", "Read a peer's catalogue now (admin); a failure keeps the last good copy and is shown in last_error", nil, "", "Peer", 0},
	{"GET", "/api/v1/network/projects", "network", "The peers' projects, searchable (folded æøå)", []string{"q"}, "", "[]PeerProject", 0},
}

func init() {
	apiDocs = append(apiDocs, peerDocs...)
	schemas["Peer"] = schemaSpec{value: models.Peer{}, readOnly: []string{"id", "last_read", "last_error", "last_error_at", "projects"}}
	schemas["PeerInput"] = schemaSpec{value: peerInput{}, create: []string{"base_url"}}
	schemas["PeerProject"] = schemaSpec{value: models.PeerProject{}}
}
