package flows_test

import (
	"crypto/rand"
	"encoding/hex"
	"testing"

	"github.com/redis/go-redis/v9"

	"danchu/flows/flowstest"
	"danchu/internal/testenv"
	"danchu/storage/kv"
)

// In production the sessions live in Redis, shared by replicas: a second
// replica with its own connection finishes a registration the first began.
func TestSessionSharedByReplicasOnRedis(t *testing.T) {
	url := testenv.RedisURL(t)
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	prefix := "flowstest:" + hex.EncodeToString(b) + ":"
	replica := func() *kv.Redis {
		r := kv.NewRedis(redis.NewClient(opt), prefix)
		t.Cleanup(func() { r.Close() })
		return r
	}

	w := flowstest.MustWorld(t)
	w.Sessions = replica()
	w.Engine = w.NewEngine()
	an := w.An()
	an.Command("start", "vote_3")
	an.Press("Tôi đồng ý")
	an.Say("Nguyễn Văn An")

	w.Sessions = replica()
	w.Engine = w.NewEngine()
	flowstest.MustRegisterVoteFeature(t, w.Engine)
	flowstest.MustContain(t, an.Say("0912345678"), "Bạn ở tiểu khu nào?")
	an.Press("Tiểu khu 2")
	flowstest.MustContain(t, an.Press("✅ Xác nhận"), "test vote feature opened with vote_3")
	w.MustResident(flowstest.AnID)
	flowstest.MustHaveNoSession(t, w, flowstest.AnID)
}
