package quiz

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestDecodeTextAcceptsGB18030Chinese(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"中国共产党第一次全国代表大会在哪一年召开？{~1919 =1921 ~1927}",
		"::朱镕基::“四个自信”包括哪些？（多选）{~%50%道路自信 ~%50%理论自信 ~%-100%经济自信}",
		"党章规定，党员应当按期交纳党费。{T}\r\n",
	} {
		gb, err := simplifiedchinese.GB18030.NewEncoder().String(src)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeText([]byte(gb))
		if err != nil || got != src {
			t.Errorf("%q: %q, %v", src, got, err)
		}
	}
}

// Western text saved as Windows-1252 or Latin-1 is refused with a message
// that names the encoding to use, not imported as gibberish.
func TestDecodeTextRefusesWesternText(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"Café crème {=oui ~non}",
		"Grüße aus München: Welche Straße ist schön? {=Königstraße ~Marienplatz}",
		"Ça coûte très cher, n’est-ce pas ? {T}",
		"¿Qué año? “Señor” {#1921}",
	} {
		for name, cm := range map[string]*charmap.Charmap{"windows-1252": charmap.Windows1252, "latin-1": charmap.ISO8859_1} {
			data, err := cm.NewEncoder().String(src)
			if err != nil {
				continue // a character Latin-1 lacks (’, “)
			}
			if _, err := Parse(FormatGIFT, []byte(data)); err == nil || !strings.Contains(err.Error(), "UTF-8") {
				t.Errorf("%s %q: %v", name, src, err)
			}
		}
	}
}
