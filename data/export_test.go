package data

// AutoCheckpoints tells the wal_autocheckpoint setting of the writing and
// of a reading connection (for tests).
func (db *DB) AutoCheckpoints() (write, read int) {
	db.write.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&write)
	db.read.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&read)
	return write, read
}
