package danchu

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Disclosure is one item the commune makes public (công khai, Luật Thực hiện
// dân chủ ở cơ sở, Điều 11), in a category of the settings, posted for a
// period, and sent to the residents who receive its category.
type Disclosure struct {
	ID          int64        `json:"id"`
	Category    string       `json:"category"` // DisclosureCategory.Key
	Title       string       `json:"title"`
	Body        string       `json:"body"`
	Attachments []Attachment `json:"attachments,omitempty"`
	PostedFrom  time.Time    `json:"posted_from"`
	PostedUntil time.Time    `json:"posted_until"`
	PublisherID int64        `json:"publisher_id"` // 0 once the publisher's profile is deleted
	BroadcastID int64        `json:"broadcast_id"`
	PublishedAt time.Time    `json:"published_at"`
}

// DisclosureFilter selects disclosures: by category when set, published in
// [From, To) when set, one page (Limit 0: all).
type DisclosureFilter struct {
	Category string
	From, To time.Time
	Offset   int
	Limit    int
}

// DisclosureRecord is a line of the register of disclosures (sổ công khai):
// what was disclosed, when, in which category, to how many residents, and
// how many were reached, from its broadcast's messages.
type DisclosureRecord struct {
	Disclosure *Disclosure     `json:"disclosure"`
	Counts     BroadcastCounts `json:"counts"`
}

// DisclosureQuestion is a resident's question about a disclosure ("Hỏi về
// mục này"), answered by an official. Text may hold personal data.
type DisclosureQuestion struct {
	ID           int64      `json:"id"`
	DisclosureID int64      `json:"disclosure_id"`
	ResidentID   int64      `json:"resident_id"` // 0 once the asker's profile is deleted
	Text         string     `json:"text"`
	AskedAt      time.Time  `json:"asked_at"`
	Answer       string     `json:"answer,omitempty"`
	AnsweredBy   int64      `json:"answered_by,omitempty"`
	AnsweredAt   *time.Time `json:"answered_at,omitempty"`
}

// DisclosureService keeps disclosures, the residents' choice of categories,
// and the questions about disclosures.
type DisclosureService interface {
	// PublishDisclosure stores d, a broadcast b of it (Kind, SenderID,
	// Audience, Category, ChatID and ProgressMsgID set by the caller) and the
	// outbox messages msgs builds, with an audit row "broadcast.create", in
	// one transaction. It sets d.ID, d.BroadcastID, d.PublishedAt, b.ID,
	// b.SubjectID, b.Total and b.CreatedAt. EINVALID without a category, a
	// title or a body, or with a posting period that ends before it starts.
	PublishDisclosure(ctx context.Context, d *Disclosure, b *Broadcast, msgs BroadcastMessages) error
	// FindDisclosure returns ENOTFOUND when there is no such disclosure.
	FindDisclosure(ctx context.Context, id int64) (*Disclosure, error)
	// ListDisclosures lists the disclosures f selects, newest first, and how
	// many it selects in all.
	ListDisclosures(ctx context.Context, f DisclosureFilter) ([]*Disclosure, int, error)
	// DisclosureRegister lists the disclosures published in [from, to),
	// oldest first, with the counts of their broadcasts.
	DisclosureRegister(ctx context.Context, from, to time.Time) ([]DisclosureRecord, error)

	// DisclosureOptOuts lists the categories a resident chose not to
	// receive; every other category is received (the default).
	DisclosureOptOuts(ctx context.Context, residentID int64) ([]string, error)
	// SetDisclosureSubscription chooses whether the resident receives the
	// category. ENOTFOUND for an unknown resident.
	SetDisclosureSubscription(ctx context.Context, residentID int64, category string, receive bool) error
	// OptedOutOf lists the residents who chose not to receive the category.
	OptedOutOf(ctx context.Context, category string) ([]int64, error)

	// AskQuestion stores q, setting its ID. ENOTFOUND for an unknown
	// disclosure; EINVALID for an empty text.
	AskQuestion(ctx context.Context, q *DisclosureQuestion) error
	// FindQuestion returns ENOTFOUND when there is no such question.
	FindQuestion(ctx context.Context, id int64) (*DisclosureQuestion, error)
	// DisclosureQuestionsBy lists the questions a resident asked about
	// disclosures, with their answers, oldest first.
	DisclosureQuestionsBy(ctx context.Context, residentID int64) ([]*DisclosureQuestion, error)
	// ListQuestions lists questions, the unanswered only when open is true,
	// oldest first, one page, and how many there are.
	ListQuestions(ctx context.Context, open bool, offset, limit int) ([]*DisclosureQuestion, int, error)
	// AnswerQuestion records the answer and enqueues notify (the answer to
	// the asker; nil for none) in one transaction. ENOTFOUND for an unknown
	// question; ECONFLICT when it is answered already; EINVALID for an empty
	// answer.
	AnswerQuestion(ctx context.Context, id, by int64, answer string, at time.Time, notify *OutboxMessage) error
}

// DisclosureSettings are the categories of disclosure: the kinds of
// information of Điều 11 of the law, each with the days it stays posted.
type DisclosureSettings struct {
	Categories []DisclosureCategory `yaml:"categories"`
}

// DisclosureCategory is one kind of information to disclose. Key names it in
// the database and in button data (short lowercase ASCII).
type DisclosureCategory struct {
	Key   string `yaml:"key"`
	Title string `yaml:"title"`
	// PostingDays is how long an item stays posted (niêm yết), the default
	// of its posting period (Điều 13; to confirm).
	PostingDays int `yaml:"posting_days"`
}

// Category returns the category with this key.
func (d DisclosureSettings) Category(key string) (DisclosureCategory, bool) {
	for _, c := range d.Categories {
		if c.Key == key {
			return c, true
		}
	}
	return DisclosureCategory{}, false
}

var categoryKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,23}$`)

func (d DisclosureSettings) validate() error {
	seen := map[string]bool{}
	for i, c := range d.Categories {
		idx := strconv.Itoa(i)
		if !categoryKey.MatchString(c.Key) {
			return invalid(fmt.Sprintf("category key %q: use up to 24 lowercase letters, digits and _", c.Key), "disclosures", "categories", idx, "key")
		}
		if seen[c.Key] {
			return invalid(fmt.Sprintf("category %q is listed twice", c.Key), "disclosures", "categories", idx, "key")
		}
		seen[c.Key] = true
		if strings.TrimSpace(c.Title) == "" {
			return invalid(fmt.Sprintf("category %q needs a title", c.Key), "disclosures", "categories", idx, "title")
		}
		if c.PostingDays <= 0 {
			return invalid(fmt.Sprintf("category %q: posting_days must be more than 0", c.Key), "disclosures", "categories", idx, "posting_days")
		}
	}
	return nil
}
