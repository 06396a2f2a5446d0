package reports

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"samla/data"
	"samla/locale"
	"samla/models"
)

// FinalReport is a project's sluttrapport: goal and scope, the timeline
// against plan, money per year, funding, status history, risks, benefits
// planned and realised, decisions, lessons and the leader's own assessment.
// Its figures are the ones the project's pages show (the store's project,
// benefit and funding figures).
func (b *Builder) FinalReport(ctx context.Context, id int64) (Report, error) {
	p, err := b.DB.Project(ctx, id)
	if err != nil {
		return Report{}, err
	}
	d, _, err := b.start(ctx, locale.T(b.lang(), "final.title")+": "+p.Title, locale.T(b.lang(), "final.subject"))
	if err != nil {
		return Report{}, err
	}
	pd, err := b.projectData(ctx, id, 0)
	if err != nil {
		return Report{}, err
	}
	statusReports, milestones, risks, benefits, decisions, names := pd.Reports, pd.Milestones, pd.Risks, pd.Benefits, pd.Decisions, pd.names
	funding, err := b.DB.ProjectFunding(ctx, id)
	if err != nil {
		return Report{}, err
	}
	changes, err := b.DB.PhaseChanges(ctx, id)
	if err != nil {
		return Report{}, err
	}
	log, err := b.DB.LogEntries(ctx, data.LogFilter{ProjectID: id})
	if err != nil {
		return Report{}, err
	}
	assessment, err := b.DB.FinalAssessment(ctx, id)
	if err != nil {
		return Report{}, err
	}

	d.newPage()
	d.h1(d.t("final.title") + ": " + p.Title)
	d.h2(d.t("final.goal"))
	d.para(p.Description)
	d.h2(d.t("final.scope"))
	d.facts([][2]string{
		{d.t("proj.f.phase"), d.t("phase." + p.Phase)},
		{d.t("proj.f.service_area"), d.t("area." + p.ServiceArea)},
		{d.t("proj.f.leader"), p.LeaderName},
		{d.t("proj.f.lead"), names[p.LeadMunicipality]},
		{d.t("proj.f.municipalities"), d.municipalityList(p, names)},
		{d.t("proj.f.national"), p.NationalSolution},
	})

	d.h2(d.t("final.timeline"))
	end := "–"
	if p.Phase == models.PhaseDone || p.Phase == models.PhaseRealisation {
		for _, c := range changes { // newest first: the first into realisation or done ends it
			if c.To == models.PhaseRealisation || c.To == models.PhaseDone {
				end = locale.Date(c.At)
			}
		}
	}
	d.facts([][2]string{
		{d.t("final.start.plan"), locale.Date(p.StartDate.Time)},
		{d.t("final.end.plan"), locale.Date(p.EndDate.Time)},
		{d.t("final.end.actual"), end},
	})
	if len(milestones) > 0 {
		var rows [][]cell
		for _, m := range milestones {
			done, late := d.t("ms.open"), ""
			if !m.DoneDate.IsZero() {
				done = locale.Date(m.DoneDate.Time)
				if days := int(m.DoneDate.Sub(m.DueDate.Time).Hours() / 24); days > 0 {
					late = d.t("final.days_late", days)
				} else {
					late = d.t("final.on_time")
				}
			}
			rows = append(rows, []cell{txt(m.Title), txt(locale.Date(m.DueDate.Time)), txt(done), txt(late)})
		}
		d.table([]column{{d.t("ms.f.title"), 80, "L"}, {d.t("ms.due"), 30, "L"}, {d.t("ms.done"), 30, "L"}, {d.t("final.vs_plan"), contentW - 140, "L"}}, rows)
	}
	if len(changes) > 0 {
		d.h3(d.t("proj.phases"))
		var rows [][]cell
		for n := len(changes) - 1; n >= 0; n-- {
			c := changes[n]
			why := c.Reason
			if c.ChecklistOverride != "" {
				why = strings.TrimSpace(why + " (" + d.t("cl.overridden", c.ChecklistOverride) + ")")
			}
			rows = append(rows, []cell{txt(locale.Date(c.At)), txt(d.t("phase."+c.From) + " → " + d.t("phase."+c.To)), txt(why)})
		}
		d.table([]column{{d.t("final.date"), 26, "L"}, {d.t("final.change"), 50, "L"}, {d.t("final.reason"), contentW - 76, "L"}}, rows)
	}

	d.h2(d.t("final.money"))
	d.facts([][2]string{
		{d.t("proj.f.budget"), locale.Kroner(p.BudgetNOK)},
		{d.t("proj.spent"), locale.Kroner(p.SpentNOK)},
		{d.t("proj.forecast"), locale.Kroner(p.ForecastNOK)},
	})
	d.yearTable(models.ProjectYears(statusReports, funding, 0), false)
	d.h3(d.t("final.funding"))
	if len(funding) == 0 {
		d.para(d.t("pdf.none"))
	} else {
		var rows [][]cell
		for _, f := range funding {
			rows = append(rows, []cell{txt(strconv.Itoa(f.Year)), txt(d.t("final.source." + f.Source)), txt(locale.Kroner(f.AmountNOK)), txt(f.Note)})
		}
		d.table([]column{{d.t("final.year"), 20, "L"}, {d.t("final.source"), 40, "L"}, {d.t("final.amount"), 35, "R"}, {d.t("final.note"), contentW - 95, "L"}}, rows)
	}

	d.h2(d.t("proj.history"))
	if len(statusReports) == 0 {
		d.para(d.t("proj.latest.none"))
	} else {
		d.statusHistory(statusReports)
	}

	d.h2(d.t("risk.title"))
	d.riskTable(risks, false)

	d.h2(d.t("final.benefits"))
	d.plannedRealised(benefits)

	d.h2(d.t("st.decisions"))
	d.caseTable(decisions, true)

	d.h2(d.t("final.lessons"))
	if len(log) == 0 {
		d.para(d.t("log.none"))
	}
	for _, l := range log {
		d.h3(l.Title + " (" + d.t("lkind."+l.Kind) + ", " + locale.Date(l.Date.Time) + ")")
		d.para(l.Description)
		if l.Consequence != "" {
			d.para(d.t("log.f.consequence") + ": " + l.Consequence)
		}
		if l.Recommendation != "" {
			d.para(d.t("log.f.recommendation") + ": " + l.Recommendation)
		}
	}

	d.h2(d.t("final.assessment.title"))
	if assessment == "" {
		d.para(d.t("final.assessment.none"))
	} else {
		d.para(assessment)
	}
	return b.finish(d, "project", fmt.Sprintf("final:%d", id), fmt.Sprintf("sluttrapport-%d.pdf", id))
}

// yearTable shows money per year; withGrant adds the grant's column.
func (d *doc) yearTable(years []models.ProjectYear, withGrant bool) {
	if len(years) == 0 {
		return
	}
	cols := []column{{d.t("final.year"), 20, "L"}, {d.t("final.funded"), 35, "R"}}
	if withGrant {
		cols = append(cols, column{d.t("final.from_grant"), 35, "R"})
	}
	cols = append(cols, column{d.t("final.spent_year"), 35, "R"}, column{d.t("final.spent_to_date"), 35, "R"})
	used := 20.0
	for _, c := range cols[1:] {
		used += c.w
	}
	cols = append(cols, column{d.t("proj.forecast"), contentW - used, "R"})
	var rows [][]cell
	for _, y := range years {
		row := []cell{txt(strconv.Itoa(y.Year)), txt(locale.Kroner(y.FundingNOK))}
		if withGrant {
			row = append(row, txt(locale.Kroner(y.GrantNOK)))
		}
		forecast := "–"
		if y.ForecastNOK != 0 {
			forecast = locale.Kroner(y.ForecastNOK)
		}
		rows = append(rows, append(row, txt(locale.Kroner(y.SpentNOK)), txt(locale.Kroner(y.SpentToDate)), txt(forecast)))
	}
	d.table(cols, rows)
}

// plannedRealised lists benefits with their plan to date, target and realised.
func (d *doc) plannedRealised(list []models.Benefit) {
	if len(list) == 0 {
		d.para(d.t("ben.none"))
		return
	}
	var rows [][]cell
	for _, b := range list {
		realised, pct := "–", "–"
		if b.Measured {
			realised = locale.Decimal(b.Realised, 1)
			pct = locale.Decimal(b.RealisedPct, 0) + " %"
		}
		rows = append(rows, []cell{txt(b.Title), txt(b.Unit), txt(locale.Decimal(b.Target-b.Baseline, 1)), txt(locale.Decimal(b.PlannedToDate, 1)),
			txt(realised), txt(pct), txt(d.t("plan." + b.PlanStatus))})
	}
	d.table([]column{{d.t("ben.f.title"), 50, "L"}, {d.t("final.unit"), 22, "L"}, {d.t("final.target"), 22, "R"}, {d.t("final.planned"), 22, "R"},
		{d.t("ben.realised"), 22, "R"}, {d.t("ben.pct"), 14, "R"}, {d.t("ben.vs_plan"), contentW - 152, "L"}}, rows)
}

// FunderReport is the report to a grant's funder: the grant, its
// projects and their progress, the accounts per year against the grant,
// and the benefits against plan.
func (b *Builder) FunderReport(ctx context.Context, id int64) (Report, error) {
	g, err := b.DB.Grant(ctx, id)
	if err != nil {
		return Report{}, err
	}
	d, _, err := b.start(ctx, locale.T(b.lang(), "funder.title")+": "+g.Title, locale.T(b.lang(), "funder.subject", g.Funder))
	if err != nil {
		return Report{}, err
	}
	d.newPage()
	d.h1(d.t("funder.title") + ": " + g.Title)
	d.facts([][2]string{
		{d.t("funder.funder"), g.Funder},
		{d.t("funder.scheme"), d.t("gscheme." + g.Scheme)},
		{d.t("funder.applied"), locale.Kroner(g.AppliedNOK)},
		{d.t("funder.granted"), locale.Kroner(g.GrantedNOK)},
		{d.t("funder.decided"), locale.Date(g.DecisionDate.Time)},
		{d.t("funder.due"), locale.Date(g.ReportDue.Time)},
		{d.t("funder.conditions"), g.Conditions},
	})
	var grantTotal, spentTotal int64
	for _, pid := range g.ProjectIDs {
		p, err := b.DB.Project(ctx, pid)
		if err != nil {
			return Report{}, err
		}
		statusReports, err := b.DB.StatusReports(ctx, pid, 0)
		if err != nil {
			return Report{}, err
		}
		funding, err := b.DB.ProjectFunding(ctx, pid)
		if err != nil {
			return Report{}, err
		}
		benefits, err := b.DB.Benefits(ctx, data.BenefitFilter{ProjectID: pid})
		if err != nil {
			return Report{}, err
		}
		d.h2(p.Title)
		d.facts([][2]string{
			{d.t("proj.f.phase"), d.t("phase." + p.Phase)},
			{d.t("proj.status"), projectStatusWord(d, p)},
			{d.t("proj.progress"), fmt.Sprintf("%d %%", p.ProgressPct)},
			{d.t("proj.f.budget"), locale.Kroner(p.BudgetNOK)},
			{d.t("proj.spent"), locale.Kroner(p.SpentNOK)},
			{d.t("proj.forecast"), locale.Kroner(p.ForecastNOK)},
		})
		if len(statusReports) > 0 && statusReports[0].Summary != "" {
			d.para(statusReports[0].Summary)
		}
		years := models.ProjectYears(statusReports, funding, g.ID)
		d.h3(d.t("funder.accounts"))
		d.yearTable(years, true)
		for _, y := range years {
			grantTotal += y.GrantNOK
		}
		spentTotal += p.SpentNOK
		d.h3(d.t("final.benefits"))
		d.plannedRealised(benefits)
	}
	if len(g.ProjectIDs) == 0 {
		d.para(d.t("funder.no_projects"))
	}
	d.h2(d.t("funder.total"))
	d.facts([][2]string{
		{d.t("funder.granted"), locale.Kroner(g.GrantedNOK)},
		{d.t("funder.planned_use"), locale.Kroner(grantTotal)},
		{d.t("funder.spent_all"), locale.Kroner(spentTotal)},
	})
	return b.finish(d, "grant_report", fmt.Sprint(id), fmt.Sprintf("rapport-tilskudd-%d.pdf", id))
}
