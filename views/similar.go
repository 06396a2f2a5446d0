package views

import "samla/models"

// SimilarBlock is "Liknende prosjekter i andre nettverk": the peers'
// projects like the one shown (models.Similar), for the "similar" partial
// that project and idea pages include.
type SimilarBlock struct {
	*Page
	Items []models.PeerProject
}

// Similar pairs the page with the similar projects found.
func (p *Page) Similar(items []models.PeerProject) SimilarBlock { return SimilarBlock{p, items} }
