package public

import (
	"time"

	"samla/handlers/keep"
)

// Public answers are kept as rendered (package keep): they are the same for
// everybody, so one copy serves every reader.
type cachedPage struct {
	etag, contentType, disposition string
	at                             time.Time
	body                           []byte
}

const (
	cacheTTL   = 5 * time.Minute
	cacheBytes = 32 << 20
	cacheMax   = 2048
)

func newPageCache() *keep.Cache[*cachedPage] {
	return keep.New[*cachedPage](cacheTTL, cacheBytes, cacheMax)
}
