package blazesim

import (
	"errors"
	"testing"
	"time"
)

func TestConfigValidation(t *testing.T) {
	tests := map[string]func(*Config){
		"negative page cap":      func(c *Config) { c.PageCap = -1 },
		"wrong share above 1":    func(c *Config) { c.WrongShare = 1.5 },
		"sub-second ttl":         func(c *Config) { c.TokenTTL = time.Millisecond },
		"negative latency":       func(c *Config) { c.Latency = -time.Second },
		"duplicate study":        func(c *Config) { c.Studies = append(c.Studies, StudySpec{ID: "demo-01", Subjects: 1}) },
		"fixture kind elsewhere": func(c *Config) { c.Studies = append(c.Studies, StudySpec{ID: "X", Kind: Fixture}) },
		"unknown archetype": func(c *Config) {
			c.Studies = append(c.Studies, StudySpec{ID: "X", Subjects: 1, Archetypes: []Archetype{"nope"}})
		},
		"short subject ids":      func(c *Config) { c.Studies = append(c.Studies, StudySpec{ID: "X", Subjects: 1, FirstSubjectID: 42}) },
		"partner reads unknown":  func(c *Config) { c.Partners[0].Studies = append(c.Partners[0].Studies, "NOPE") },
		"partner without secret": func(c *Config) { c.Partners[1].ClientSecret = "" },
		"duplicate client id":    func(c *Config) { c.Partners[1].ClientID = DemoClientID },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Partners = DefaultPartners()
			mutate(&cfg)
			if _, err := NewServer(cfg); !errors.Is(err, ErrConfig) {
				t.Errorf("got %v, want ErrConfig", err)
			}
		})
	}
}

func TestZeroConfigFallsBackToDefaults(t *testing.T) {
	srv, err := NewServer(Config{})
	if err != nil {
		t.Fatal(err)
	}
	c := srv.Config()
	if c.PageCap != DefaultPageCap || c.DefaultCount != DefaultCount || c.TokenTTL != DefaultTokenTTL ||
		len(c.Partners) != 2 || len(c.Studies) != 5 || c.WrongShare != 0 {
		t.Errorf("defaults not applied: %+v", c)
	}
}

func TestCustomStudyArchetypes(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Studies = append(cfg.Studies, StudySpec{ID: "CR-ONLY", SponsorID: "S-1", Subjects: 6, Archetypes: []Archetype{CompleteResponder}})
	srv, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := srv.Truth("CR-ONLY")
	if err != nil {
		t.Fatal(err)
	}
	checkStudy(t, tr)
	for _, s := range tr.Study.Subjects {
		if tr.Archetypes[s.ID] != CompleteResponder || len(s.Assessments[0].Lesions) == 0 {
			t.Errorf("%s: %s", s.ID, tr.Archetypes[s.ID])
		}
	}
}
