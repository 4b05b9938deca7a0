package casework

import "fmt"

// aad binds a sealed value to its table, column and row, e.g.
// "client_contact_data.name:"+fileID, so it cannot be copied elsewhere.
func aad(table, column, rowID string) string { return table + "." + column + ":" + rowID }

// seal encrypts plaintext for one cell.
func (s *Store) seal(plaintext, table, column, rowID string) string {
	return s.keys.Encrypt([]byte(plaintext), aad(table, column, rowID))
}

// open decrypts one cell sealed by seal. An empty cell is an empty value.
func (s *Store) open(value, table, column, rowID string) (string, error) {
	if value == "" {
		return "", nil
	}
	b, err := s.keys.Decrypt(value, aad(table, column, rowID))
	if err != nil {
		return "", fmt.Errorf("casework: open %s.%s of %s: %w", table, column, rowID, err)
	}
	return string(b), nil
}
