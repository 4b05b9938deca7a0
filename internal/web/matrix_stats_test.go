package web_test

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

func init() {
	// Statistics: the ministry, region coordinators, office leads and
	// counselors (their own caseload); partners and admins get 403. The
	// export without a format is refused (400) before anything is read;
	// the report of a counselor, who sees no table, is 404.
	readers := func(status int, counselor int) expect {
		return roles(403, map[perm.Role]int{perm.Ministry: status, perm.RegionCoordinator: status, perm.OfficeLead: status,
			perm.Counselor: counselor})
	}
	matrix["GET /statistics"] = readers(200, 200)
	matrix["GET /statistics/export"] = readers(400, 400)
	matrix["GET /statistics/report.pdf"] = readers(200, 404)
	// The public statistics (open data) answer everybody.
	for _, l := range i18n.Public {
		matrix["GET /"+l+"/statistics"] = expect{anon: 200, staff: 200}
		matrix["GET /"+l+"/statistics.csv"] = expect{anon: 200, staff: 200}
	}
}
