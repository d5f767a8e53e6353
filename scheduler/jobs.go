package scheduler

import "danchu"

// Stores are what the jobs of this package read; storage.DB is all of them.
type Stores struct {
	Residents danchu.ResidentService
	Roles     danchu.RoleService
	Petitions danchu.PetitionService
	Deadlines danchu.ReportDeadlineService
	Figures   danchu.FiguresService
	Runs      danchu.JobRunService
}

// Jobs are the calendar keeper's jobs: report deadlines, petition due dates and
// the two digests.
func Jobs(s *danchu.Settings, st Stores) []Job {
	people := People{Residents: st.Residents, Roles: st.Roles}
	return []Job{
		&ReportDeadlines{Settings: s, Deadlines: st.Deadlines, Figures: st.Figures, Runs: st.Runs, People: people},
		&PetitionDue{Settings: s, Calendar: danchu.NewCalendar(s), Petitions: st.Petitions, People: people},
		&Digest{Settings: s, Figures: st.Figures, People: people},
		&Digest{Settings: s, Figures: st.Figures, People: people, Monthly: true},
	}
}
