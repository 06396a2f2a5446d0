package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"samla/models"
)

const peerSelect = `SELECT p.id, p.name, p.base_url, coalesce(p.last_read, ''), p.last_error, coalesce(p.last_error_at, ''), p.etag, p.last_modified,
	(SELECT count(*) FROM peer_projects x WHERE x.peer_id = p.id) FROM peers p`

func scanPeer(row rowScanner) (models.Peer, error) {
	var p models.Peer
	var read, errAt string
	err := row.Scan(&p.ID, &p.Name, &p.BaseURL, &read, &p.LastError, &errAt, &p.ETag, &p.LastModified, &p.Projects)
	if read != "" {
		t := parseTime(read)
		p.LastRead = &t
	}
	if errAt != "" {
		t := parseTime(errAt)
		p.LastErrorAt = &t
	}
	return p, err
}

// Peers lists the other networks' samla sites, by name.
func (db *DB) Peers(ctx context.Context) ([]models.Peer, error) {
	return queryList(ctx, db.read, "list peers", scanPeer, peerSelect+` ORDER BY p.name COLLATE NOCASE, p.id`)
}

// Peer returns one peer.
func (db *DB) Peer(ctx context.Context, id int64) (models.Peer, error) {
	p, err := scanPeer(db.read.QueryRowContext(ctx, peerSelect+` WHERE p.id = ?`, id))
	if err != nil {
		return p, notFound(err, "get peer")
	}
	return p, nil
}

// CreatePeer adds a peer with the catalogue read from it, in one transaction.
func (db *DB) CreatePeer(ctx context.Context, actor models.Actor, p models.Peer, cat models.Catalogue) (models.Peer, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM peers WHERE base_url = ?`, p.BaseURL).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return models.FieldErrors{"base_url": "taken"}.Err()
		}
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO peers (name, base_url, etag, last_modified, last_read, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, p.Name, p.BaseURL, p.ETag, p.LastModified, tx.now, tx.now, tx.now)
		if err != nil {
			return fmt.Errorf("data: create peer: %w", err)
		}
		p.ID, _ = res.LastInsertId()
		if err := tx.replacePeerProjects(p.ID, cat); err != nil {
			return err
		}
		return tx.Audit("peer", fmt.Sprint(p.ID), "create", nil, p)
	})
	if err != nil {
		return p, err
	}
	return db.Peer(ctx, p.ID)
}

func (tx *Tx) replacePeerProjects(id int64, cat models.Catalogue) error {
	if _, err := tx.ExecContext(tx.ctx, `DELETE FROM peer_projects WHERE peer_id = ?`, id); err != nil {
		return fmt.Errorf("data: peer projects: %w", err)
	}
	for _, p := range cat.Projects {
		_, err := tx.ExecContext(tx.ctx, `INSERT INTO peer_projects (peer_id, remote_id, title, summary, service_area, phase, municipalities,
			start_date, end_date, solutions, url, search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, p.ID, p.Title, p.Summary, p.ServiceArea, p.Phase, strings.Join(p.Municipalities, ","), nullDate(p.StartDate), nullDate(p.EndDate),
			strings.Join(p.Solutions, solutionSep), p.URL, models.Fold(p.Title+"\n"+p.Summary+"\n"+strings.Join(p.Solutions, "\n")))
		if err != nil {
			return fmt.Errorf("data: peer project: %w", err)
		}
	}
	return nil
}

// PeerRead records a good read: the new catalogue (nil: unchanged, a 304)
// and the validators for the next conditional read.
func (db *DB) PeerRead(ctx context.Context, id int64, cat *models.Catalogue, etag, lastModified string) error {
	return db.Update(ctx, models.System, func(tx *Tx) error {
		if cat != nil {
			if err := tx.replacePeerProjects(id, *cat); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(tx.ctx, `UPDATE peers SET etag = ?, last_modified = ?, last_read = ?, last_error = '', updated_at = ? WHERE id = ?`,
			etag, lastModified, tx.now, tx.now, id)
		return err
	})
}

// PeerFailed records a failed read; the last good copy stays.
func (db *DB) PeerFailed(ctx context.Context, id int64, reason string) error {
	return db.Update(ctx, models.System, func(tx *Tx) error {
		_, err := tx.ExecContext(tx.ctx, `UPDATE peers SET last_error = ?, last_error_at = ?, updated_at = ? WHERE id = ?`, reason, tx.now, tx.now, id)
		return err
	})
}

// DeletePeer removes a peer and its copy of the catalogue.
func (db *DB) DeletePeer(ctx context.Context, actor models.Actor, id int64) error {
	return db.Update(ctx, actor, func(tx *Tx) error {
		before, err := scanPeer(tx.QueryRowContext(tx.ctx, peerSelect+` WHERE p.id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return models.ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `DELETE FROM peers WHERE id = ?`, id); err != nil {
			return fmt.Errorf("data: delete peer: %w", err)
		}
		return tx.Audit("peer", fmt.Sprint(id), "delete", before, nil)
	})
}

func scanPeerProject(row rowScanner) (models.PeerProject, error) {
	var p models.PeerProject
	var muns, start, end, solutions string
	err := row.Scan(&p.PeerID, &p.PeerName, &p.ID, &p.Title, &p.Summary, &p.ServiceArea, &p.Phase, &muns, &start, &end, &solutions, &p.URL)
	p.Municipalities, p.Solutions = []string{}, []string{}
	if muns != "" {
		p.Municipalities = strings.Split(muns, ",")
	}
	if solutions != "" {
		p.Solutions = strings.Split(solutions, solutionSep)
	}
	p.StartDate, _ = models.ParseDate(start)
	p.EndDate, _ = models.ParseDate(end)
	return p, err
}

const peerProjectSelect = `SELECT x.peer_id, p.name, x.remote_id, x.title, x.summary, x.service_area, x.phase, x.municipalities,
	coalesce(x.start_date, ''), coalesce(x.end_date, ''), x.solutions,
	-- the project's page on the peer that was read, whatever address its catalogue gives
	p.base_url || '/public/projects/' || x.remote_id FROM peer_projects x JOIN peers p ON p.id = x.peer_id`

// NetworkProjects lists the peers' projects matching q (folded), one page,
// and how many match.
func (db *DB) NetworkProjects(ctx context.Context, q string, limit, offset int) ([]models.PeerProject, int, error) {
	where, args := ` WHERE 1 = 1`, []any{}
	if q = strings.TrimSpace(q); q != "" {
		where += ` AND instr(x.search, ?) > 0`
		args = append(args, models.Fold(q))
	}
	var total int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM peer_projects x`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("data: count network projects: %w", err)
	}
	if limit <= 0 {
		limit = -1
	}
	list, err := queryList(ctx, db.read, "network projects", scanPeerProject, peerProjectSelect+where+
		` ORDER BY p.name COLLATE NOCASE, x.title COLLATE NOCASE, x.remote_id LIMIT ? OFFSET ?`, append(args, limit, max(offset, 0))...)
	return list, total, err
}

// AllNetworkProjects are every peer's projects, for "similar projects";
// read once per write generation.
func (db *DB) AllNetworkProjects(ctx context.Context) ([]models.PeerProject, error) {
	return cachedRead(ctx, db, "network projects", func(ctx context.Context) ([]models.PeerProject, error) {
		return queryList(ctx, db.read, "network projects", scanPeerProject, peerProjectSelect)
	})
}

// ProjectSolutionNames are the names of the solutions a project rolls out,
// with its national solution.
func (db *DB) ProjectSolutionNames(ctx context.Context, p models.Project) ([]string, error) {
	names, err := queryList(ctx, db.read, "project solutions", func(r rowScanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, `SELECT name FROM solutions WHERE project_id = ? ORDER BY name`, p.ID)
	if err != nil {
		return nil, err
	}
	if n := strings.TrimSpace(p.NationalSolution); n != "" && !containsFold(names, n) {
		names = append(names, n)
	}
	return names, nil
}
