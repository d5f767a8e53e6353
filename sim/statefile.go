package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// saveInterval is the least time between two saves of the state file: a
// busy chat costs one write a second, not one per message.
const saveInterval = time.Second

// loadState reads Options.StateFile into a new server; a missing file is
// an empty state.
func (s *Server) loadState() error {
	path := s.opts.StateFile
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sim: read state file %s: %w", path, err)
	}
	var st savedState
	if err := json.Unmarshal(data, &st); err != nil {
		return corruptState(path, err)
	}
	if err := s.restore(&st); err != nil {
		return corruptState(path, err)
	}
	return nil
}

func corruptState(path string, err error) error {
	return fmt.Errorf("sim: state file %s is corrupt (%v): move it away to start with no virtual users", path, err)
}

// markDirty notes a change of the saved state and wakes the saver, which
// it starts on the first change. Call with s.mu held.
func (s *Server) markDirty() {
	if s.opts.StateFile == "" || s.stateErr != nil {
		return // nothing to save to, or a file that must not be overwritten
	}
	s.dirty = true
	if !s.saving && s.ctx.Err() == nil { // Close cancels under s.mu: no sender after it
		s.saving = true
		s.wg.Add(1)
		go s.saveLoop()
	}
	select {
	case s.saveWake <- struct{}{}:
	default: // a wake-up is already waiting
	}
}

// saveLoop saves the state after a change, at most once per saveInterval,
// until Close (which saves what came after).
func (s *Server) saveLoop() {
	defer s.wg.Done()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.saveWake:
		}
		if err := s.saveState(); err != nil {
			s.opts.Logf("%v", err)
		}
		pause := time.NewTimer(saveInterval)
		select {
		case <-s.ctx.Done():
			pause.Stop()
			return
		case <-pause.C:
		}
	}
}

// saveState writes the state if it changed since the last save. Only the
// saver, and Close after it ended, call it.
func (s *Server) saveState() error {
	s.mu.Lock()
	if !s.dirty {
		s.mu.Unlock()
		return nil
	}
	st := s.snapshot()
	s.dirty = false
	s.mu.Unlock()
	if err := writeStateFile(s.opts.StateFile, st); err != nil {
		s.mu.Lock()
		s.dirty = true // try again on the next change or at Close
		s.mu.Unlock()
		return err
	}
	return nil
}

// writeStateFile replaces the file at once (a temp file renamed over it),
// so a crash leaves the old state or the new one, never half of one. The
// file holds names and phone numbers: only its owner may read it.
func writeStateFile(path string, st *savedState) (err error) {
	data, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("sim: encode state: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("sim: save state file %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
			err = fmt.Errorf("sim: save state file %s: %w", path, err)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path) // CreateTemp made it 0600
}
