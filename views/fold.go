package views

import (
	"html/template"
	"io"
	"strconv"
	"text/template/parse"

	"samla/locale"
)

// fold works out a page's fixed texts in lang, before it is first
// rendered from its entry template.
func fold(t *template.Template, lang, entry string) {
	for _, x := range t.Templates() {
		if x.Tree != nil {
			foldTexts(x.Tree.Root, lang)
		}
	}
	// Executing escapes the page (nothing else does): without data it
	// stops at once, and what the escaper left constant is folded too.
	_ = t.ExecuteTemplate(io.Discard, entry, nil)
	for _, x := range t.Templates() {
		if x.Tree != nil {
			foldEscaped(x.Tree.Root)
		}
	}
}

// Most of a page's texts are {{.T "key"}} with a fixed key: the same words
// on every request. Executing each one costs text/template a method lookup
// and a reflected call, several hundred per page; foldTexts works them out
// once per language when a page's templates are parsed, leaving the text
// as a constant that html/template still escapes where it stands. A call
// with an argument that is not a fixed string ({{.T "k" .N}}) is left as
// it is, but a fixed inner call ({{.T "toc.show" (.T "mun.projects")}})
// folds and lets the outer one fold too.
//
// Every T in samla's templates translates into the page's language (Page,
// MaturityCard and the public pages' shell all call locale.T with it), so
// a page's set is folded for the language it is rendered in.
func foldTexts(root parse.Node, lang string) {
	walkPipes(root, func(p *parse.PipeNode) { foldPipe(p, lang) })
}

// walkPipes calls f on every pipeline under n, the innermost first.
func walkPipes(n parse.Node, f func(*parse.PipeNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkPipes(c, f)
		}
	case *parse.ActionNode:
		walkPipes(n.Pipe, f)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, f)
	case *parse.TemplateNode:
		walkPipes(n.Pipe, f)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, cmd := range n.Cmds {
			for _, arg := range cmd.Args {
				walkPipes(arg, f)
			}
		}
		f(n)
	}
}

func walkBranch(b *parse.BranchNode, f func(*parse.PipeNode)) {
	walkPipes(b.Pipe, f)
	walkPipes(b.List, f)
	walkPipes(b.ElseList, f)
}

// foldPipe replaces each command of p that is a T call with fixed strings
// by the text it gives.
func foldPipe(p *parse.PipeNode, lang string) {
	for _, cmd := range p.Cmds {
		if len(cmd.Args) < 2 || !isT(cmd.Args[0]) {
			continue
		}
		args := make([]any, 0, len(cmd.Args)-2)
		var key *parse.StringNode
		fixed := true
		for i, a := range cmd.Args[1:] {
			s := fixedString(a)
			if s == nil {
				fixed = false
				break
			}
			if i == 0 {
				key = s
			} else {
				args = append(args, s.Text)
			}
		}
		if !fixed {
			continue
		}
		text := key.Copy().(*parse.StringNode)
		text.Text = locale.T(lang, key.Text, args...)
		text.Quoted = strconv.Quote(text.Text)
		cmd.Args = []parse.Node{text}
	}
}

// isT tells whether a command's first word is a method named T: .T,
// $.T, $p.T or .Page.T.
func isT(n parse.Node) bool {
	var ident []string
	switch n := n.(type) {
	case *parse.FieldNode:
		ident = n.Ident
	case *parse.VariableNode:
		if len(n.Ident) < 2 {
			return false
		}
		ident = n.Ident
	default:
		return false
	}
	return ident[len(ident)-1] == "T"
}

// fixedString is the string an argument always is: a quoted string, or a
// parenthesised pipeline folded down to one.
func fixedString(n parse.Node) *parse.StringNode {
	switch n := n.(type) {
	case *parse.StringNode:
		return n
	case *parse.PipeNode:
		if len(n.Decl) == 0 && len(n.Cmds) == 1 && len(n.Cmds[0].Args) == 1 {
			s, _ := n.Cmds[0].Args[0].(*parse.StringNode)
			return s
		}
	}
	return nil
}

// After html/template has escaped a page, a folded text is a constant
// piped through an escaper: {{"Prosjekter" | _html_template_htmlescaper}}.
// For a plain string the text, attribute and RCDATA escapers all give
// what esc gives, so foldEscaped writes that out as part of the
// page's markup, and joins it with the markup beside it. Constants in other
// contexts (URLs, scripts, styles) keep their escaper.
var plainEscapers = map[string]bool{
	"_html_template_htmlescaper":   true,
	"_html_template_attrescaper":   true,
	"_html_template_rcdataescaper": true,
}

func foldEscaped(list *parse.ListNode) {
	if list == nil {
		return
	}
	out := list.Nodes[:0]
	for _, n := range list.Nodes {
		switch x := n.(type) {
		case *parse.ActionNode:
			if s, ok := escapedConstant(x.Pipe); ok {
				n = &parse.TextNode{NodeType: parse.NodeText, Pos: x.Pos, Text: []byte(esc(s))}
			}
		case *parse.IfNode:
			foldEscaped(x.List)
			foldEscaped(x.ElseList)
		case *parse.RangeNode:
			foldEscaped(x.List)
			foldEscaped(x.ElseList)
		case *parse.WithNode:
			foldEscaped(x.List)
			foldEscaped(x.ElseList)
		}
		if t, ok := n.(*parse.TextNode); ok && len(out) > 0 {
			if prev, ok := out[len(out)-1].(*parse.TextNode); ok {
				prev.Text = append(prev.Text[:len(prev.Text):len(prev.Text)], t.Text...)
				continue
			}
		}
		out = append(out, n)
	}
	list.Nodes = out
}

// escapedConstant is the string of a pipeline that is a constant and then
// only plain escapers.
func escapedConstant(p *parse.PipeNode) (string, bool) {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) < 2 {
		return "", false
	}
	s := fixedString(&parse.PipeNode{Cmds: p.Cmds[:1]})
	if s == nil {
		return "", false
	}
	for _, c := range p.Cmds[1:] {
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if len(c.Args) != 1 || !ok || !plainEscapers[id.Ident] {
			return "", false
		}
	}
	return s.Text, true
}
