package api

import (
	"strings"

	"github.com/google/uuid"
)

// namespace is the fixed UUIDv5 namespace of every identifier this API
// derives. It must never change: clients keep the ids.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://kmn-niedersachsen.de/api/hsds"))

// derivedID returns the stable UUIDv5 of kind and parts joined by ":", e.g.
// derivedID("service", orgID, programID) hashes "service:<org>:<program>".
func derivedID(kind string, parts ...string) string {
	name := kind + ":" + strings.Join(parts, ":")
	return uuid.NewSHA1(namespace, []byte(name)).String()
}

// Taxonomy ids and names.
const (
	topicsTaxonomy   = "kmn-topics"
	programsTaxonomy = "kmn-programs"
)

func taxonomyID(name string) string   { return derivedID("taxonomy", name) }
func topicTermID(topic string) string { return derivedID("taxonomy_term", topicsTaxonomy, topic) }
func programTermID(program string) string {
	return derivedID("taxonomy_term", programsTaxonomy, program)
}
func serviceID(orgID, program string) string { return derivedID("service", orgID, program) }
func salID(officeID, program string) string {
	return derivedID("service_at_location", officeID, program)
}
