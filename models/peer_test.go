package models

import "testing"

func TestSimilar(t *testing.T) {
	cands := []PeerProject{
		{CatalogueProject: CatalogueProject{ID: 1, Title: "Innføring av Digipost", ServiceArea: "administration", Solutions: []string{"DIGIPOST"}}},
		{CatalogueProject: CatalogueProject{ID: 2, Title: "Velferdsteknologi: digitalt tilsyn om natten", Summary: "Sensorer og kamera i hjemmetjenesten", ServiceArea: "health_care"}},
		{CatalogueProject: CatalogueProject{ID: 3, Title: "Digitalt tilsyn i skolen", ServiceArea: "education"}},
		{CatalogueProject: CatalogueProject{ID: 4, Title: "Kommunal nattlig velferdsteknologi", ServiceArea: "health_care"}},
	}
	got := Similar("Digitalt tilsyn med sensorer", "Velferdsteknologi i hjemmetjenesten", "health_care", []string{"Digipost"}, cands, 5)
	var ids []int64
	for _, p := range got {
		ids = append(ids, p.ID)
	}
	// 1: same solution (any case); 2: same area and four shared words; 3: shared words, another area;
	// 4: same area, one shared word.
	if len(ids) != 2 || ids[0] != 1 || ids[1] != 2 {
		t.Errorf("similar = %v, want [1 2]", ids)
	}
	if got := Similar("Noe annet", "", "other", nil, cands, 5); len(got) != 0 {
		t.Errorf("nothing alike, got %v", got)
	}
	if got := Similar("", "", "", []string{"digipost"}, append(cands, cands[0]), 1); len(got) != 1 {
		t.Errorf("n not kept: %v", got)
	}
}

func TestCatalogueValidate(t *testing.T) {
	ok := Catalogue{Programme: "DigiNordland", Projects: []CatalogueProject{{ID: 1, Title: "A"}, {ID: 2, Title: "B", URL: "javascript:alert(1)"}}}
	if err := ok.Validate(); err != nil || ok.Projects[1].URL != "" {
		t.Errorf("valid catalogue: %v %+v", err, ok.Projects[1])
	}
	for name, c := range map[string]Catalogue{
		"no programme": {Projects: []CatalogueProject{}},
		"no projects":  {Programme: "X"},
		"duplicate":    {Programme: "X", Projects: []CatalogueProject{{ID: 1, Title: "A"}, {ID: 1, Title: "B"}}},
		"no title":     {Programme: "X", Projects: []CatalogueProject{{ID: 1}}},
	} {
		if err := c.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
