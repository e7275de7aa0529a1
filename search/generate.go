package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Words for generated study documents: enough variety that a query hits a
// realistic share of them.
var (
	genTopics = []string{"党员教育", "基层党建", "党史学习", "廉政建设", "安全生产", "保密工作", "远程教育平台",
		"数字化转型", "企业管理", "作风建设", "群众工作", "组织生活", "理论学习", "乡村振兴", "能源保供"}
	genVerbs = []string{"学习贯彻", "深入推进", "全面落实", "认真组织", "持续加强", "扎实开展", "及时处理", "统筹推进"}
	genNouns = []string{"党的二十大精神", "全面从严治党", "民主集中制", "三会一课", "主题教育", "安全责任制",
		"待处理事项", "应急预案", "网络安全", "Python 数据分析", "5G 网络建设", "Kubernetes 运维"}
	genTails = []string{"要求", "工作", "制度", "措施", "任务", "体系", "机制", "能力"}
)

// GenerateEntities makes n entities of one doc each, of every kind, about
// nine in ten published and seven in ten open: data for `make bench`.
func GenerateEntities(n int, seed uint64, stamp int64) []Entity {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	out := make([]Entity, n)
	for i := range out {
		d := Doc{Kind: Kinds[rng.IntN(4)], CourseID: int64(1 + rng.IntN(500)), LessonID: int64(1 + rng.IntN(5000)),
			Title:     fmt.Sprintf("%s：%s%s（第%d讲）", pick(genTopics), pick(genVerbs), pick(genNouns), 1+rng.IntN(40)),
			Published: rng.IntN(10) < 9, Open: rng.IntN(10) < 7, Category: pick(genTopics),
			OwnerIDs: []int64{int64(1 + rng.IntN(50))}, Page: 1 + rng.IntN(80), Seconds: float64(rng.IntN(3600))}
		var body strings.Builder
		for range 4 + rng.IntN(8) {
			fmt.Fprintf(&body, "%s%s%s，%s%s。", pick(genVerbs), pick(genNouns), pick(genTails), pick(genTopics), pick(genTails))
		}
		d.Body = body.String()
		e, _ := makeEntity("bench", int64(i+1), []Doc{d}, stamp)
		out[i] = e
	}
	return out
}
