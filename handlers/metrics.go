package handlers

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v3"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are what samla tells Prometheus: requests and their latency by
// route pattern and status class, the outbox, backups and scheduled
// reports, the database's size, and the Go runtime.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(s *Server) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "samla_http_requests_total",
		Help: "HTTP requests by route pattern, method and status class."}, []string{"route", "method", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "samla_http_request_duration_seconds",
		Help: "Time to answer, by route pattern.", Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"route"})
	m.reg.MustRegister(m.requests, m.latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	ops := func(name, help string, value func(st opsFigures) float64) prometheus.GaugeFunc {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 { return value(s.opsFigures()) })
	}
	m.reg.MustRegister(
		ops("samla_outbox_queued", "E-mails waiting in the outbox (queued, retrying or being sent).", func(f opsFigures) float64 { return float64(f.Queued) }),
		ops("samla_outbox_failed", "E-mails that failed for good.", func(f opsFigures) float64 { return float64(f.Failed) }),
		ops("samla_backup_age_seconds", "Seconds since the last good backup (-1: never).", func(f opsFigures) float64 { return age(f.LastBackup) }),
		ops("samla_report_age_seconds", "Seconds since the last good scheduled report run (-1: never).", func(f opsFigures) float64 { return age(f.LastReport) }),
		ops("samla_db_bytes", "Size of the database file.", func(f opsFigures) float64 { return float64(f.DBBytes) }),
		ops("samla_db_wal_bytes", "Size of the write-ahead log.", func(f opsFigures) float64 { return float64(f.WALBytes) }),
		ops("samla_db_up", "1 when the database answers.", func(f opsFigures) float64 { return bool01(f.Up) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "samla_storage_full", Help: "1 while writes are refused for a full disk."},
			func() float64 { return bool01(!s.DB.FullSince().IsZero()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "samla_pages_rendering", Help: "Pages not kept being rendered in the render slots (one per core)."},
			func() float64 { return float64(s.PagesRendering()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "samla_pages_unslotted_total", Help: "Pages rendered without a slot after waiting 50 ms for one."},
			func() float64 { return float64(s.PagesUnslotted()) }),
	)
	return m
}

func bool01(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func age(t time.Time) float64 {
	if t.IsZero() {
		return -1
	}
	return time.Since(t).Seconds()
}

// opsFigures are read once per scrape (the gauges share them).
type opsFigures struct {
	Queued, Failed         int
	LastBackup, LastReport time.Time
	DBBytes, WALBytes      int64
	Up                     bool
}

func (s *Server) opsFigures() opsFigures {
	s.opsMu.Lock()
	defer s.opsMu.Unlock()
	if time.Since(s.opsAt) < time.Second {
		return s.ops
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	st, err := s.DB.Ops(ctx)
	s.ops = opsFigures{Queued: st.Queued, Failed: st.Failed, LastBackup: st.LastBackup, LastReport: st.LastReport, DBBytes: st.DBBytes,
		WALBytes: st.WALBytes, Up: err == nil && s.DB.Ping(ctx) == nil}
	s.opsAt = time.Now()
	return s.ops
}

// observe counts a request by its route's pattern (never its path, so the
// number of series stays small).
func (s *Server) observe(c fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		if fe, ok := err.(*fiber.Error); ok {
			status = fe.Code
		}
	}
	route := c.Route().Path
	if route == "" || route == "/" && c.Path() != "/" {
		route = "other"
	}
	s.metrics.requests.WithLabelValues(route, c.Method(), strconv.Itoa(status/100)+"xx").Inc()
	s.metrics.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
	return err
}

// MetricsHandler serves /metrics for Prometheus, on its own address.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}))
	return mux
}
