package network

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// officeFields flattens an office into named values for the audit log.
func officeFields(o *Office) map[string]string {
	h, _ := json.Marshal(o.Hours)
	out := map[string]string{
		"external_id": o.ExternalID, "organisation_id": o.OrganisationID, "name": o.Name, "street": o.Street,
		"postcode": o.Postcode, "city": o.City, "district": o.DistrictAGS, "lat": fmt.Sprintf("%.5f", o.Lat),
		"lon": fmt.Sprintf("%.5f", o.Lon), "phone": o.Phone, "email": o.Email, "website": o.Website, "hours": string(h),
		"appointment_info": o.AppointmentInfo, "step_free": fmt.Sprint(o.StepFree), "accessible_toilet": fmt.Sprint(o.AccessibleToilet),
		"hearing_loop": fmt.Sprint(o.HearingLoop), "online_counseling": fmt.Sprint(o.OnlineCounseling), "status": string(o.Status),
		"languages": strings.Join(o.Languages, ","), "programs": strings.Join(o.Programs, ","), "topics": strings.Join(o.Topics, ","),
	}
	textFields(o, out)
	return out
}

// diff keeps the changed fields as "field.before" / "field.after".
func diff(before, after map[string]string) map[string]string {
	out := map[string]string{}
	for k, a := range after {
		if b := before[k]; b != a {
			if before != nil {
				out[k+".before"] = b
			}
			out[k+".after"] = a
		}
	}
	return out
}

func duplicateExternalID() error {
	return valid.Errors{{Field: "external_id", Key: "network.external_id_taken"}}
}
