package handlers

// HoldRenderSlots takes every render slot until release is called (for
// tests of what a page does when none is free).
func (s *Server) HoldRenderSlots() (release func()) {
	for range cap(s.renders) {
		s.renders <- struct{}{}
	}
	return func() {
		for range cap(s.renders) {
			<-s.renders
		}
	}
}
