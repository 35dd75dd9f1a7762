package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/recistview/recistview/data/blaze"
	"github.com/recistview/recistview/data/fhir"
)

// How often a running load tells its listener: progress at most ~30 times a second, partial
// data a few times a second (building a view evaluates the whole study).
const (
	progressEvery = 33 * time.Millisecond
	snapshotEvery = 300 * time.Millisecond
)

// Listener receives a load's events. They are called from a background goroutine, one at a
// time and in order, never after Done; the ui layer moves them onto the UI thread.
type Listener struct {
	// Progress reports counts and what is happening.
	Progress func(LoadProgress)
	// Snapshot delivers the data that has arrived so far, while the load runs.
	Snapshot func(*StudyView)
	// Done delivers the final view — also after a failure or cancel, with what arrived — and
	// the error (nil when complete; see blaze.Load.Run for the kinds).
	Done func(*StudyView, error)
}

// LoadProgress is a running load's state for the progress area.
type LoadProgress struct {
	Study                      string
	Reports, Lesions, Subjects int
	PagesDone, PagesKnown      int
	Phase                      string
	// Notice is a transient message such as "Server busy, retrying in 2 s".
	Notice  string
	Elapsed time.Duration
}

// Fraction is the share of known pages done, in [0, 1].
func (p LoadProgress) Fraction() float64 {
	if p.PagesKnown == 0 {
		return 0
	}
	return min(float64(p.PagesDone)/float64(p.PagesKnown), 1)
}

// StudyLoad is one study being loaded in the background for the current session. After a
// failure or cancel, Retry resumes: what already arrived is kept and not fetched again.
type StudyLoad struct {
	app      *App
	sess     *blaze.Session // nil when working offline
	load     *blaze.Load    // nil when working offline
	study    string
	profile  blaze.Profile
	partner  string
	listener Listener

	// cached is the copy from the local cache shown while the live load refreshes it;
	// cacheRead is set once the cache has been consulted.
	cached    *StudyView
	cacheRead bool

	mu          sync.Mutex
	cancel      context.CancelFunc
	done        chan struct{}
	started     time.Time
	latest      blaze.Progress
	dirty       bool
	notice      string
	noticeUntil time.Time
}

// ErrSignedOut is an attempt to load without a session.
var ErrSignedOut = errors.New("sign in first")

// OpenStudy starts loading study with the current session, remembers it among the profile's
// recent studies, and reports to l. When the local cache holds the study, its copy is shown at
// once (a Snapshot with Cached set) and the live load refreshes it; the cached copy is replaced
// only by a refresh that completed. Working offline, the study comes from the cache alone.
func (a *App) OpenStudy(study string, l Listener) (*StudyLoad, error) {
	study = strings.TrimSpace(study)
	if study == "" {
		return nil, errors.New("enter a study number")
	}
	sl := &StudyLoad{app: a, study: study, listener: l}
	if sess := a.Session(); sess != nil {
		sl.sess, sl.load = sess, sess.NewLoad(study)
		sl.profile, sl.partner = sess.Profile(), sess.PartnerID()
	} else if a.Offline() {
		f := a.CurrentForm()
		p, err := a.Profile(f)
		if err != nil {
			return nil, err
		}
		sl.profile, sl.partner = p, strings.TrimSpace(f.PartnerID)
	} else {
		return nil, ErrSignedOut
	}
	a.Settings.AddRecentStudy(sl.profile.Name, study)
	a.mu.Lock()
	a.loads[sl] = true
	a.mu.Unlock()
	sl.start()
	return sl, nil
}

// Study is the study number.
func (s *StudyLoad) Study() string { return s.study }

// Session is the session the load runs in, nil when working offline.
func (s *StudyLoad) Session() *blaze.Session { return s.sess }

// Running reports whether a run is under way.
func (s *StudyLoad) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done != nil
}

// Cancel stops the running load promptly; Done follows with what arrived and context.Canceled.
func (s *StudyLoad) Cancel() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
}

// Retry resumes a load that failed or was cancelled; it does nothing while one runs.
func (s *StudyLoad) Retry() {
	if !s.Running() {
		s.start()
	}
}

// Close cancels the load and forgets it; no event follows Done.
func (s *StudyLoad) Close() {
	s.Cancel()
	s.app.mu.Lock()
	delete(s.app.loads, s)
	s.app.mu.Unlock()
}

// Wait blocks until the current run, if any, has delivered Done.
func (s *StudyLoad) Wait() {
	s.mu.Lock()
	done := s.done
	s.mu.Unlock()
	if done != nil {
		<-done
	}
}

func (s *StudyLoad) start() {
	ctx, cancel := context.WithCancel(s.app.root)
	done := make(chan struct{})
	s.mu.Lock()
	if s.done != nil {
		s.mu.Unlock()
		cancel()
		return
	}
	s.cancel, s.done, s.started, s.notice = cancel, done, time.Now(), ""
	s.mu.Unlock()
	go s.run(ctx, cancel, done)
}

func (s *StudyLoad) run(ctx context.Context, cancel context.CancelFunc, done chan struct{}) {
	defer close(done)
	defer cancel()
	s.app.log.Debug("loading study", "study", s.study, "partner", s.partner, "offline", s.sess == nil)
	view, err := s.runOnce(ctx)
	if err != nil {
		s.app.log.Debug("load ended", "study", s.study, "err", err, "explained", Explain(err))
	} else {
		s.app.log.Debug("load complete", "study", s.study, "subjects", len(view.Rows), "assessments", view.Assessments)
	}
	s.mu.Lock()
	s.done, s.cancel = nil, nil
	s.mu.Unlock()
	if s.listener.Done != nil {
		s.listener.Done(view, err)
	}
}

// meta describes data of this load's server and partner.
func (s *StudyLoad) meta() ViewMeta {
	return ViewMeta{Server: s.profile.Label, Profile: s.profile.Name, Partner: s.partner}
}

// runOnce shows the cached copy (first run only), then loads live, and returns the view and
// error for Done.
func (s *StudyLoad) runOnce(ctx context.Context) (*StudyView, error) {
	if !s.cacheRead {
		s.cacheRead = true
		s.cached = s.readCache(ctx)
		if s.cached != nil && s.sess != nil && s.listener.Snapshot != nil {
			v := *s.cached
			v.Refreshing = true
			s.listener.Snapshot(&v)
		}
	}
	if s.sess == nil { // offline: the cache is all there is
		if s.cached == nil {
			return NewStudyView(nil, s.app.Settings.Options(), s.meta()), &NotCachedError{Study: s.study, Partner: s.partner}
		}
		return s.cached, nil
	}

	stopTicker := make(chan struct{})
	tickerDone := make(chan struct{})
	go s.tick(stopTicker, tickerDone)
	res, err := s.load.Run(ctx, func(p blaze.Progress) {
		s.mu.Lock()
		s.latest, s.dirty = p, true
		s.mu.Unlock()
	})
	close(stopTicker)
	<-tickerDone

	if err != nil && s.cached != nil {
		// A refresh replaces the cached copy only when it completed.
		v := *s.cached
		v.RefreshFailed = true
		return &v, err
	}
	meta := s.meta()
	meta.FetchedAt, meta.Complete, meta.Missing, meta.Duplicates = res.FetchedAt, err == nil && res.Complete, res.Missing, res.Duplicates
	view := NewStudyView(res.Study, s.app.Settings.Options(), meta)
	if err != nil && len(view.Missing) == 0 {
		view.Missing = []string{Explain(err)}
	}
	if view.Complete {
		if store := s.app.cacheStore(); store != nil {
			if serr := s.load.SaveToCache(ctx, store, res); serr != nil {
				view.CacheWarning = "This study could not be kept for offline use: " + serr.Error()
			}
		}
	}
	return view, err
}

// readCache returns the cached copy of the study as a view, or nil.
func (s *StudyLoad) readCache(ctx context.Context) *StudyView {
	store := s.app.cacheStore()
	if store == nil {
		return nil
	}
	c, err := blaze.LoadFromCache(ctx, store, s.profile, s.partner, s.study)
	if err != nil {
		return nil
	}
	meta := s.meta()
	meta.Cached, meta.FetchedAt, meta.Complete = true, c.FetchedAt, c.Complete
	return NewStudyView(c.Builder.Study(), s.app.Settings.Options(), meta)
}

// NotCachedError is a study opened offline that the cache does not hold.
type NotCachedError struct{ Study, Partner string }

func (e *NotCachedError) Error() string {
	return fmt.Sprintf("study %s is not in the local cache for partner %s; connect to the server to load it", e.Study, e.Partner)
}

// tick delivers throttled progress and snapshots until stop is closed.
func (s *StudyLoad) tick(stop <-chan struct{}, finished chan<- struct{}) {
	defer close(finished)
	t := time.NewTicker(progressEvery)
	defer t.Stop()
	lastSnap := time.Now()
	var snapCounts [3]int
	// Building a view evaluates the whole study; on a large study it is spaced out so that it
	// never takes more than a quarter of the time.
	gap := snapshotEvery
	for {
		select {
		case <-stop:
			return
		case now := <-t.C:
			s.mu.Lock()
			p, dirty := s.latest, s.dirty
			s.dirty = false
			lp := LoadProgress{Study: s.Study(), Reports: p.Reports, Lesions: p.Lesions, Subjects: p.Subjects,
				PagesDone: p.PagesDone, PagesKnown: p.PagesKnown, Phase: p.Phase, Elapsed: now.Sub(s.started)}
			if now.Before(s.noticeUntil) {
				lp.Notice, dirty = s.notice, true
			}
			s.mu.Unlock()
			if dirty && s.listener.Progress != nil {
				s.listener.Progress(lp)
			}
			counts := [3]int{p.Reports, p.Lesions, p.Subjects}
			if s.listener.Snapshot != nil && s.cached == nil && counts != snapCounts && now.Sub(lastSnap) >= gap {
				snapCounts = counts
				meta := s.meta()
				meta.Loading = true
				view := NewStudyView(s.load.Builder().Study(), s.app.Settings.Options(), meta)
				lastSnap = time.Now()
				gap = max(snapshotEvery, 3*lastSnap.Sub(now))
				s.listener.Snapshot(view)
			}
		}
	}
}

// noteRetry shows a retry in the progress area for as long as the wait lasts.
func (s *StudyLoad) noteRetry(ev fhir.RetryEvent) {
	var msg string
	secs := max(1, int(ev.Wait.Round(time.Second)/time.Second))
	switch {
	case ev.Throttled:
		msg = fmt.Sprintf("Server busy, retrying in %d s", secs)
	case ev.Status >= 500:
		msg = fmt.Sprintf("Server error (%d %s), retrying in %d s", ev.Status, http.StatusText(ev.Status), secs)
	default:
		msg = fmt.Sprintf("Connection problem, retrying in %d s", secs)
	}
	s.mu.Lock()
	s.notice, s.noticeUntil = msg, time.Now().Add(ev.Wait+time.Second)
	s.mu.Unlock()
}
