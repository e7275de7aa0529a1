package course

// The demo courses `lms seed demo` adds to the demo organisation: Chinese
// content a visitor can study, search and be tested on. The PDFs and the
// lecture are generated when seeding (nothing large is committed); the
// quiz's questions are the quiz feature's (quiz/seed.go).

type demoCourse struct {
	title, summary, category string
	tags                     []string
	hours                    float64
	open                     bool
	unit                     string // assigned to this unit's subtree (a path of names)
	mandatory                bool
	dueDays                  int
	lessons                  []demoLesson
}

type demoLesson struct {
	kind, title string
	minutes     int
	article     string    // HTML of an article lesson
	pages       []string  // pages of a document lesson's generated PDF (heading on the first line)
	cues        []DemoCue // subtitles of a video lesson's generated lecture
	optional    bool      // not required for the course's completion
}

// DemoCue is one slide of a generated lecture: shown from Start, its Text
// spoken from Start until at most End (hh:mm:ss.mmm).
type DemoCue struct{ Start, End, Text string }

// demoLectureSeconds is the length of the generated lecture.
const demoLectureSeconds = 60

var demoCourses = []demoCourse{{
	title:    "新时代党员教育管理专题",
	summary:  "系统学习《中国共产党党员教育管理工作条例》，掌握党员教育的内容、方式和要求，推动“三会一课”和主题党日常态化。",
	category: "党的理论", tags: []string{"党员教育", "三会一课", "远程教育"},
	hours: 2, unit: "示范能源集团/华北分公司党委", mandatory: true, dueDays: 30,
	lessons: []demoLesson{
		{kind: "article", title: "学习导读", minutes: 1, article: `<h2>为什么要学习本专题</h2>
<p>党员教育管理是党的建设基础性经常性工作。本专题帮助基层党组织书记和党员准确把握条例要求，把学习成果转化为推动企业改革发展的实际行动。</p>
<h2>怎样学习</h2>
<ul><li>先阅读导读，再学习辅导材料（PDF）；</li><li>观看专题讲座视频；</li><li>最后参加结业测验，60 分及格。</li></ul>`},
		{kind: "document", title: "《党员教育管理工作条例》学习辅导", minutes: 2, pages: []string{
			"第一章 总则\n党员教育管理工作必须坚持以习近平新时代中国特色社会主义思想为指导，坚持党要管党、全面从严治党。\n" +
				"基层党组织是党员教育管理的直接责任主体，党组织书记是第一责任人。",
			"第二章 教育内容和方式\n党员教育的基本任务是组织党员学习党的理论、路线、方针、政策，学习党章党规党纪。\n" +
				"基层党组织每年开展党员冬训，集中学习时间一般不少于 3 天。\n" +
				"充分运用远程教育平台，推动党员学习教育便捷化、常态化。",
			"第三章 日常管理\n严格落实“三会一课”制度：定期召开支部党员大会、支部委员会会议和党小组会，按时上好党课。\n" +
				"党员应当按期交纳党费，每年参加民主评议党员。",
		}},
		{kind: "video", title: "专题讲座：党员教育的新要求", cues: []DemoCue{
			// Each cue is a slide and its spoken text, from start until at
			// most end; the generated subtitles end where the speech does.
			{"00:00:00.000", "00:00:04.900", "同志们好，今天学习党员教育新要求。"},
			{"00:00:05.000", "00:00:12.900", "第一，要把政治理论教育摆在首位，筑牢信仰之基。"},
			{"00:00:13.000", "00:00:20.900", "第二，要严格落实三会一课制度，过好组织生活。"},
			{"00:00:21.000", "00:00:29.900", "第三，要用好远程教育平台，推动学习常态化。"},
			{"00:00:30.000", "00:00:38.900", "第四，要坚持学用结合，把学习成果用到工作中。"},
			{"00:00:39.000", "00:00:47.900", "第五，要做好民主评议党员，严格党员日常管理。"},
			{"00:00:48.000", "00:00:58.900", "请大家学完本讲后，参加结业测验。谢谢大家。"},
		}},
		// Interactive courseware (scorm/demo), optional: the course completes without it.
		{kind: "scorm", title: "互动课件：党章基本知识", minutes: 1, optional: true},
	},
}, {
	title:    "安全生产责任制解读",
	summary:  "解读全员安全生产责任制，讲清隐患排查治理的流程，适合各级管理人员和一线员工。",
	category: "安全生产", tags: []string{"安全生产", "隐患排查"},
	hours: 1.5, open: true, unit: "示范能源集团/华南分公司党委", dueDays: 60,
	lessons: []demoLesson{
		{kind: "article", title: "安全生产“十五条措施”要点", minutes: 1, article: `<p>企业主要负责人是本单位安全生产第一责任人，对本单位的安全生产工作全面负责。</p>
<p>要建立健全全员安全生产责任制，做到“一岗一责”，层层压实责任。</p>`},
		{kind: "document", title: "隐患排查治理手册", minutes: 2, pages: []string{
			"第一章 全员安全生产责任制\n生产经营单位应当建立健全全员安全生产责任制，明确各岗位的责任人员、责任范围和考核标准。",
			"第二章 隐患排查治理\n发现事故隐患应当立即登记，列入待处理事项清单，按照定人员、定措施、定时限的要求及时处理。\n" +
				"重大事故隐患由主要负责人组织制定并实施治理方案。",
		}},
	},
}, {
	title:    "廉洁从业教育",
	summary:  "以案为鉴、以案促改，学习中央八项规定精神和国有企业领导人员廉洁从业若干规定。",
	category: "廉政教育", tags: []string{"廉洁从业", "八项规定"},
	hours: 1, unit: "示范能源集团/集团机关党委", mandatory: true, dueDays: 45,
	lessons: []demoLesson{
		{kind: "article", title: "廉洁从业若干规定要点", minutes: 1, article: `<p>国有企业领导人员应当切实维护国家和出资人利益，不得滥用职权、损害国有资产权益。</p>
<p>严格执行中央八项规定精神，坚决反对形式主义、官僚主义、享乐主义和奢靡之风。</p>`},
	},
}}
