package handlers_test

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"samla/models"
)

// Prometheus reads requests by route pattern and status class, the
// outbox, the backups and the database's size.
func TestMetrics(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleViewer)
	b.do("GET", "/projects/1", nil)
	b.do("GET", "/projects/2", nil)
	b.do("GET", "/projects/99999", nil)
	rec := httptest.NewRecorder()
	e.srv.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	text := string(body)
	for _, want := range []string{`samla_http_requests_total{method="GET",route="/projects/:id",status="2xx"} 2`,
		`samla_http_requests_total{method="GET",route="/projects/:id",status="4xx"} 1`, "samla_http_request_duration_seconds_bucket",
		"samla_outbox_queued", "samla_outbox_failed", "samla_backup_age_seconds -1", "samla_report_age_seconds", "samla_db_bytes",
		"samla_db_wal_bytes", "samla_db_up 1", "go_goroutines", "process_resident_memory_bytes"} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(text, "/projects/1\"") {
		t.Error("a path instead of its route pattern")
	}
}
