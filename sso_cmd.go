package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"samla/models"
)

// listFlag is a flag that may be given several times (-domain a -domain b).
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// cmdSSO manages the sign-in providers: add, list, remove.
func cmdSSO(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("use: samla sso add|list|remove")
	}
	switch args[0] {
	case "add":
		fs := flag.NewFlagSet("sso add", flag.ContinueOnError)
		path := dbFlag(fs)
		name := fs.String("name", "", "the name on the login button, e.g. \"Rana kommune\"")
		issuer := fs.String("issuer", "", "the provider's issuer URL")
		clientID := fs.String("client-id", "", "samla's client id at the provider")
		mun := fs.String("municipality", "", "the municipality new users belong to")
		role := fs.String("role", "viewer", "the role of new users")
		off := fs.Bool("password-off", false, "its users must sign in through it, not with a password")
		var domains listFlag
		fs.Var(&domains, "domain", "an e-mail domain of its users (repeat for several)")
		if err := parseFlags(fs, args[1:], stderr); err != nil {
			return err
		}
		if *name == "" || *issuer == "" || *clientID == "" {
			return usageError("-name, -issuer and -client-id are required")
		}
		secret, ok := os.LookupEnv("SAMLA_SSO_SECRET")
		if !ok {
			line, err := bufio.NewReader(stdin).ReadString('\n')
			if err != nil && line == "" {
				return errors.New("no client secret given: set SAMLA_SSO_SECRET or write it on standard input")
			}
			secret = strings.TrimRight(line, "\r\n")
		}
		db, err := openDB(ctx, *path)
		if err != nil {
			return err
		}
		defer db.Close()
		p, err := db.AddProvider(ctx, models.Actor{Email: "cli"}, models.Provider{Name: *name, Issuer: *issuer, ClientID: *clientID,
			Municipality: *mun, Domains: domains, DefaultRole: models.Role(*role), PasswordOff: *off}, secret)
		if f := models.Fields(err); f != nil {
			return fmt.Errorf("the provider was not added: %s", describeFields(f))
		}
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, p.ID)
		return nil
	case "list":
		fs := flag.NewFlagSet("sso list", flag.ContinueOnError)
		path := dbFlag(fs)
		if err := parseFlags(fs, args[1:], stderr); err != nil {
			return err
		}
		db, err := openDB(ctx, *path)
		if err != nil {
			return err
		}
		defer db.Close()
		list, err := db.Providers(ctx)
		if err != nil {
			return err
		}
		for _, p := range list {
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Name, p.Issuer, p.ClientID, p.Municipality, strings.Join(p.Domains, ","))
		}
		return nil
	case "remove":
		fs := flag.NewFlagSet("sso remove", flag.ContinueOnError)
		path := dbFlag(fs)
		id := fs.String("id", "", "the provider's id (samla sso list)")
		if err := parseFlags(fs, args[1:], stderr); err != nil {
			return err
		}
		n, err := strconv.ParseInt(*id, 10, 64)
		if err != nil {
			return usageError("-id must be a provider's number")
		}
		db, err := openDB(ctx, *path)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.RemoveProvider(ctx, models.Actor{Email: "cli"}, n); errors.Is(err, models.ErrNotFound) {
			return fmt.Errorf("there is no provider %d", n)
		} else if err != nil {
			return err
		}
		return nil
	}
	return usageError("use: samla sso add|list|remove")
}
