package app

import (
	"context"
	"errors"
	"strings"

	"github.com/recistview/recistview/data/auth"
	"github.com/recistview/recistview/data/blaze"
	"github.com/recistview/recistview/data/fhir"
)

// Explain turns an error from signing in or loading into sentences for a coordinator: what
// happened and what to do. It never includes secrets (the errors it is given hold none).
func Explain(err error) string {
	if err == nil {
		return ""
	}
	var access *blaze.AccessError
	var signIn *blaze.SignInError
	var incomplete *blaze.IncompleteError
	var ae *auth.Error
	switch {
	case errors.As(err, &access):
		return sentence(access.Error()) + " Ask MSK to grant this partner access, or check the study number."
	case errors.As(err, &signIn):
		return sentence(signIn.Error())
	case errors.Is(err, auth.ErrRejected):
		return "The server rejected these credentials. Check the client id, the client secret and the partner id."
	case errors.Is(err, auth.ErrInsecure):
		return "The address must use https (plain http is allowed only for this computer, as in the demo)."
	case errors.Is(err, auth.ErrUnreachable):
		return "The sign-in server could not be reached. Check the address, your network connection and the VPN." + detail(ae, err)
	case errors.Is(err, auth.ErrRedirect):
		return "The sign-in server redirected to another address; RECIST View does not follow it, to protect your credentials."
	case errors.Is(err, auth.ErrTokenResponse), errors.Is(err, auth.ErrServer):
		return "The sign-in server answered in a way RECIST View could not use." + detail(ae, err)
	case errors.Is(err, auth.ErrInvalidConfig):
		return "The sign-in settings are incomplete." + detail(ae, err)
	case errors.Is(err, context.Canceled):
		return "Loading was cancelled."
	case errors.Is(err, context.DeadlineExceeded):
		return "The server took too long to answer."
	case errors.As(err, &incomplete):
		return "Not everything could be loaded: " + strings.Join(incomplete.Missing, "; ") + "."
	case errors.Is(err, fhir.ErrForeignLink):
		return "The server sent a paging link to another server. It was not followed, to protect your credentials."
	case errors.Is(err, fhir.ErrLinkCycle):
		return "The server's paging links go round in a circle; loading stopped."
	}
	return sentence(err.Error())
}

// detail adds the error's own words in brackets where they help.
func detail(ae *auth.Error, err error) string {
	if errors.As(err, &ae) && ae.Err != nil {
		return " (" + ae.Err.Error() + ")"
	}
	if errors.As(err, &ae) && ae.Status != 0 {
		return " (" + strings.TrimPrefix(ae.Error(), "auth: ") + ")"
	}
	return ""
}

func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
