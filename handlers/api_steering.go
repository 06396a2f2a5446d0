package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
)

func (s *Server) apiMeetings(c fiber.Ctx) error {
	body, err := queryID(c, "body")
	if err != nil {
		return err
	}
	list, err := s.DB.Meetings(c.Context(), body)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

// meetingJSON is a meeting with its agenda and action items.
type meetingJSON struct {
	models.Meeting
	Cases   []models.Case       `json:"cases"`
	Actions []models.ActionItem `json:"actions"`
}

func (s *Server) apiMeeting(c fiber.Ctx) error {
	m, err := s.meetingParam(c)
	if err != nil {
		return err
	}
	out, err := s.meetingWithItems(c, m)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// meetingWithItems is a meeting as the API shows it: with its cases and action items.
func (s *Server) meetingWithItems(c fiber.Ctx, m models.Meeting) (meetingJSON, error) {
	cases, err := s.DB.Cases(c.Context(), data.CaseFilter{MeetingID: m.ID})
	if err != nil {
		return meetingJSON{}, err
	}
	actions, err := s.DB.Actions(c.Context(), m.ID, false)
	if err != nil {
		return meetingJSON{}, err
	}
	return meetingJSON{m, cases, actions}, nil
}

type meetingInput struct {
	BodyID       *int64                  `json:"body_id"`
	Date         *string                 `json:"date"`
	Time         *string                 `json:"time"`
	Title        *string                 `json:"title"`
	Place        *string                 `json:"place"`
	VideoURL     *string                 `json:"video_url"`
	Status       *string                 `json:"status"`
	Participants *[]models.Participation `json:"participants"`
}

func (in meetingInput) apply(m *models.Meeting) error {
	setIf(&m.BodyID, in.BodyID)
	setIf(&m.Time, in.Time)
	setIf(&m.Title, in.Title)
	setIf(&m.Place, in.Place)
	setIf(&m.VideoURL, in.VideoURL)
	setIf(&m.Status, in.Status)
	setIf(&m.Participants, in.Participants)
	if in.Date != nil {
		d, err := models.ParseDate(*in.Date)
		if err != nil {
			return models.FieldErrors{"date": "date"}.Err()
		}
		m.Date = d
	}
	return nil
}

func (s *Server) apiCreateMeeting(c fiber.Ctx) error {
	var in meetingInput
	if err := decodeNew(c, &in, meetingJSON{}); err != nil {
		return err
	}
	m := models.Meeting{Status: models.MeetingPlanned, Participants: []models.Participation{}}
	if err := in.apply(&m); err != nil {
		return err
	}
	saved, err := s.DB.SaveMeeting(c.Context(), actorOf(c), m)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(saved)
}

func (s *Server) apiPatchMeeting(c fiber.Ctx) error {
	m, err := s.meetingParam(c)
	if err != nil {
		return err
	}
	var in meetingInput
	current, err := s.meetingWithItems(c, m)
	if err != nil {
		return err
	}
	if err := decodePatch(c, &in, current); err != nil {
		return err
	}
	if err := in.apply(&m); err != nil {
		return err
	}
	saved, err := s.DB.SaveMeeting(c.Context(), actorOf(c), m)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

// caseInput is the API body of a case; absent fields keep their value.
type caseInput struct {
	BodyID         *int64  `json:"body_id"`
	ReferredFromID *int64  `json:"referred_from_case_id"`
	Kind           *string `json:"kind"`
	Title          *string `json:"title"`
	Background     *string `json:"background"`
	Proposal       *string `json:"proposal"`
	Decision       *string `json:"decision"`
	Status         *string `json:"status"`
	MeetingID      *int64  `json:"meeting_id"`
	ProjectID      *int64  `json:"project_id"`
	ProcurementID  *int64  `json:"procurement_id"`
	CorrectsID     *int64  `json:"corrects_case_id"`
	PhaseTo        *string `json:"phase_to"`
	Exempt         *bool   `json:"exempt"`
	ExemptBasis    *string `json:"exempt_basis"`
	PublicTitle    *string `json:"public_title"`
	// IdeaOutcome (approved, rejected, parked) is applied to the case's idea
	// when it is decided; ChecklistOverride moves a project on although
	// mandatory checklist items are open.
	IdeaOutcome       *string `json:"idea_outcome"`
	ChecklistOverride *string `json:"checklist_override_reason"`
}

func (in caseInput) apply(cs *models.Case) {
	setIf(&cs.BodyID, in.BodyID)
	setIf(&cs.ReferredFromID, in.ReferredFromID)
	setIf(&cs.Kind, in.Kind)
	setIf(&cs.Title, in.Title)
	setIf(&cs.Background, in.Background)
	setIf(&cs.Proposal, in.Proposal)
	setIf(&cs.Decision, in.Decision)
	setIf(&cs.Status, in.Status)
	setIf(&cs.MeetingID, in.MeetingID)
	setIf(&cs.ProjectID, in.ProjectID)
	setIf(&cs.ProcurementID, in.ProcurementID)
	setIf(&cs.CorrectsID, in.CorrectsID)
	setIf(&cs.PhaseTo, in.PhaseTo)
	setIf(&cs.Exempt, in.Exempt)
	setIf(&cs.ExemptBasis, in.ExemptBasis)
	setIf(&cs.PublicTitle, in.PublicTitle)
	setIf(&cs.IdeaOutcome, in.IdeaOutcome)
	setIf(&cs.ChecklistOverride, in.ChecklistOverride)
}

// apiCreateMeetingCase puts a new case on a meeting's agenda.
func (s *Server) apiCreateMeetingCase(c fiber.Ctx) error {
	m, err := s.meetingParam(c)
	if err != nil {
		return err
	}
	var in caseInput
	if err := decodeNew(c, &in, models.Case{}); err != nil {
		return err
	}
	cs := models.Case{Kind: "decision"}
	in.apply(&cs)
	cs.MeetingID, cs.Status = m.ID, models.CaseOnAgenda
	created, err := s.DB.CreateCase(c.Context(), actorOf(c), cs)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(created)
}

// apiCreateCase registers a pending case (or one on an agenda with meeting_id).
func (s *Server) apiCreateCase(c fiber.Ctx) error {
	var in caseInput
	if err := decodeNew(c, &in, models.Case{}); err != nil {
		return err
	}
	cs := models.Case{Kind: "decision"}
	in.apply(&cs)
	created, err := s.DB.CreateCase(c.Context(), actorOf(c), cs)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(created)
}

func (s *Server) apiCases(c fiber.Ctx) error {
	f := data.CaseFilter{Status: c.Query("status")}
	if f.Status != "" && !validCaseStatus(f.Status) {
		return models.FieldErrors{"status": "choice"}.Err()
	}
	f.MeetingID, _ = strconv.ParseInt(c.Query("meeting"), 10, 64)
	f.ProjectID, _ = strconv.ParseInt(c.Query("project"), 10, 64)
	var err error
	if f.BodyID, err = queryID(c, "body"); err != nil {
		return err
	}
	list, err := s.DB.Cases(c.Context(), f)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func validCaseStatus(s string) bool {
	for _, x := range models.CaseStatuses {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Server) apiCase(c fiber.Ctx) error {
	cs, err := s.caseParam(c)
	if err != nil {
		return err
	}
	return c.JSON(cs)
}

func (s *Server) apiPatchCase(c fiber.Ctx) error {
	cs, err := s.caseParam(c)
	if err != nil {
		return err
	}
	var in caseInput
	if err := decodePatch(c, &in, cs); err != nil {
		return err
	}
	in.apply(&cs)
	if in.MeetingID != nil && in.Status == nil && cs.Status == models.CasePending {
		cs.Status = models.CaseOnAgenda
	}
	saved, err := s.DB.UpdateCase(c.Context(), actorOf(c), cs)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

func (s *Server) apiDecisions(c fiber.Ctx) error {
	f := decisionFilter(c)
	if _, err := queryID(c, "body"); err != nil {
		return err
	}
	list, err := s.DB.Cases(c.Context(), f)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

type actionInput struct {
	CaseID      *int64  `json:"case_id"`
	Description *string `json:"description"`
	Owner       *string `json:"owner"`
	DueDate     *string `json:"due_date"`
	DoneDate    *string `json:"done_date"`
}

func (in actionInput) apply(a *models.ActionItem) error {
	setIf(&a.CaseID, in.CaseID)
	setIf(&a.Description, in.Description)
	setIf(&a.Owner, in.Owner)
	f := models.FieldErrors{}
	optionalDate(f, "due_date", in.DueDate, &a.DueDate)
	optionalDate(f, "done_date", in.DoneDate, &a.DoneDate)
	return f.Err()
}

func (s *Server) apiCreateAction(c fiber.Ctx) error {
	m, err := s.meetingParam(c)
	if err != nil {
		return err
	}
	var in actionInput
	if err := decodeNew(c, &in, models.ActionItem{}); err != nil {
		return err
	}
	a := models.ActionItem{MeetingID: m.ID}
	if err := in.apply(&a); err != nil {
		return err
	}
	saved, err := s.DB.SaveAction(c.Context(), actorOf(c), a)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(saved)
}

func (s *Server) apiPatchAction(c fiber.Ctx) error {
	a, err := loadParam(c, s.DB.Action)
	if err != nil {
		return err
	}
	var in actionInput
	if err := decodePatch(c, &in, a); err != nil {
		return err
	}
	if err := in.apply(&a); err != nil {
		return err
	}
	saved, err := s.DB.SaveAction(c.Context(), actorOf(c), a)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

// apiActions lists action items; ?open=true leaves out done ones,
// ?overdue=true keeps only those past their due date.
func (s *Server) apiActions(c fiber.Ctx) error {
	overdue := c.Query("overdue") == "true"
	list, err := s.DB.Actions(c.Context(), 0, overdue || c.Query("open") == "true")
	if err != nil {
		return err
	}
	if overdue {
		today := s.today()
		kept := []models.ActionItem{}
		for _, a := range list {
			if a.Overdue(today) {
				kept = append(kept, a)
			}
		}
		list = kept
	}
	return sendPage(c, list)
}
