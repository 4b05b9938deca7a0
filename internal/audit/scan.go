package audit

import (
	"database/sql"
	"fmt"
)

// columns is the select list that scanRow reads, in order.
const columns = "seq, at, actor_id, actor, action, object_type, object_id, result, ip, detail, prev_hash, hash"

// scanRow reads one row selected with columns.
func scanRow(rows *sql.Rows) (row, error) {
	var r row
	var result string
	err := rows.Scan(&r.seq, &r.at, &r.e.ActorID, &r.e.Actor, &r.e.Action,
		&r.e.ObjectType, &r.e.ObjectID, &result, &r.e.IP, &r.detail, &r.prevHash, &r.hash)
	if err != nil {
		return row{}, fmt.Errorf("audit: scan: %w", err)
	}
	r.e.Result = Result(result)
	r.at = r.at.UTC()
	return r, nil
}

// record turns a stored row into a Record, decoding the detail JSON.
func (r row) record() (Record, error) {
	d, err := decodeDetail(r.detail)
	if err != nil {
		return Record{}, fmt.Errorf("audit: row %d: %w", r.seq, err)
	}
	rec := Record{Seq: r.seq, At: r.at, Entry: r.e, PrevHash: r.prevHash, Hash: r.hash}
	rec.Detail = d
	return rec, nil
}
