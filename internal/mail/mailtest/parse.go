package mailtest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// Received is one message as the server got it.
type Received struct {
	// From and To are the envelope (MAIL FROM, RCPT TO).
	From string
	To   []string
	// Header is the message header as sent (values still encoded).
	Header mail.Header
	// Subject is decoded from RFC 2047 encoded words.
	Subject string
	// Text and HTML are the decoded text/plain and text/html parts,
	// read as UTF-8 (the only charset package mail sends).
	Text string
	HTML string
	// Attachments are the parts sent as files, decoded, in order.
	Attachments []Attachment
	Raw         []byte
}

// Attachment is a file part of a received message.
type Attachment struct {
	// Name is the file name (Content-Disposition filename, else the
	// Content-Type's name parameter).
	Name string
	// ContentType is the media type with its parameters, without the
	// name parameter (e.g. "text/calendar; charset=utf-8; method=REQUEST").
	ContentType string
	Data        []byte
}

// getter is the part of mail.Header and textproto.MIMEHeader parse uses.
type getter interface{ Get(key string) string }

// parse decodes raw into a Received without the envelope.
func parse(raw []byte) (Received, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Received{}, fmt.Errorf("header: %w", err)
	}
	rec := Received{Header: msg.Header, Raw: raw}
	rec.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Received{}, fmt.Errorf("subject: %w", err)
	}
	if err := readPart(&rec, msg.Header, msg.Body); err != nil {
		return Received{}, err
	}
	return rec, nil
}

// readPart stores a text part in rec or walks into a multipart one.
func readPart(rec *Received, h getter, body io.Reader) error {
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain"
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("content type %q: %w", ct, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			// NextRawPart: NextPart would decode quoted-printable
			// itself and hide that the sender encoded it.
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", mediaType, err)
			}
			if err := readPart(rec, p.Header, p); err != nil {
				return err
			}
		}
	}
	b, err := decode(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return fmt.Errorf("%s: %w", mediaType, err)
	}
	if name := fileName(h, params); name != "" {
		delete(params, "name")
		rec.Attachments = append(rec.Attachments, Attachment{Name: name, ContentType: mime.FormatMediaType(mediaType, params), Data: b})
		return nil
	}
	switch mediaType {
	case "text/plain":
		rec.Text = string(b)
	case "text/html":
		rec.HTML = string(b)
	}
	return nil
}

// decode undoes a Content-Transfer-Encoding.
func decode(cte string, r io.Reader) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	}
	return io.ReadAll(r)
}

// fileName is the file name of an attachment part ("" for a part of the
// text): the Content-Disposition's filename, else the type's name.
func fileName(h getter, params map[string]string) string {
	if _, dp, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil && dp["filename"] != "" {
		return dp["filename"]
	}
	return params["name"]
}
