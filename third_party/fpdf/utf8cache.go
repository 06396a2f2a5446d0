// samla's patch (not in upstream fpdf v0.12.0): a UTF-8 TrueType font is
// parsed, its cmap read and its font id computed once per process instead of
// once per document. Each document gets a shallow copy of the parsed font;
// GenerateCutFont replaces every map and slice it writes, so the copies never
// write to what they share, and documents may be built on several goroutines.

package fpdf

import (
	"bytes"
	"hash/maphash"
	"sync"
)

type parsedUTF8 struct {
	bytes []byte
	def   fontDefType // without utf8File and usedRunes, which are per document
	file  *utf8FontFile
}

type utf8Key struct {
	fontKey string
	size    int
	sum     uint64
}

var (
	utf8Seed  = maphash.MakeSeed()
	utf8Mu    sync.Mutex
	utf8Fonts = map[utf8Key]*parsedUTF8{}
)

// parsedUTF8Font returns the parsed font for these bytes under this key,
// parsing it the first time. The bytes must not change afterwards (fonts are
// usually embedded in the binary).
func parsedUTF8Font(fontKey string, b []byte) (*parsedUTF8, error) {
	k := utf8Key{fontKey, len(b), maphash.Bytes(utf8Seed, b)}
	utf8Mu.Lock()
	p := utf8Fonts[k]
	utf8Mu.Unlock()
	if p != nil && bytes.Equal(p.bytes, b) {
		return p, nil
	}
	file := newUTF8Font(&fileReader{array: b})
	if err := file.parseFile(); err != nil {
		return nil, err
	}
	file.cmapSymbolChar = file.generateCMAP()
	file.cmapCharSymbol = file.charSymbolDictionary
	def := fontDefType{
		Tp:   "UTF8",
		Name: fontKey,
		Desc: FontDescType{
			Ascent:       int(file.Ascent),
			Descent:      int(file.Descent),
			CapHeight:    file.CapHeight,
			Flags:        file.Flags,
			FontBBox:     file.Bbox,
			ItalicAngle:  file.ItalicAngle,
			StemV:        file.StemV,
			MissingWidth: round(file.DefaultWidth),
		},
		Up: int(round(file.UnderlinePosition)),
		Ut: round(file.UnderlineThickness),
		Cw: file.CharWidths,
	}
	def.i, _ = generateFontID(def)
	p = &parsedUTF8{bytes: b, def: def, file: file}
	utf8Mu.Lock()
	utf8Fonts[k] = p
	utf8Mu.Unlock()
	return p, nil
}

// clone is a document's own copy of a parsed font, reading the same bytes.
func (utf *utf8FontFile) clone() *utf8FontFile {
	c := *utf
	c.fileReader = &fileReader{array: utf.fileReader.array}
	return &c
}
