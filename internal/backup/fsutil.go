package backup

import (
	"fmt"
	"os"
	"path/filepath"
)

// syncFile flushes path's contents to stable storage.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("backup: sync %s: %w", path, err)
	}
	return nil
}

// syncDir flushes the directory holding path, so a rename survives a crash.
func syncDir(path string) error {
	return syncFile(filepath.Dir(path))
}
