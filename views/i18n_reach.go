package views

func init() {
	for k, v := range reachMessages {
		messages[k] = v
	}
}

// reachMessages are the texts of calendars, channels and digests.
var reachMessages = map[string][2]string{
	"err.smtputf8": {"E-postserveren kan ikke sende til adresser med æ, ø, å eller andre tegn utenfor ASCII før @ (den mangler SMTPUTF8).", "The mail server cannot send to addresses with non-ASCII letters before the @ (it lacks SMTPUTF8)."},
}
