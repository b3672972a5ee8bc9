"""Question analysis: what a question asks for and which document it is about.

The answer composer uses `wants` to tell an answerable question from a near miss: a question
asking for an amount of money is not answered by a passage that holds no amount, however close
its words are. Document hints (a year, 盐城, a document's own name) narrow both retrieval and that
check to the document the user means.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from indexer import DocumentInfo, for_matching, tokenize
from indexer._tokenize import segment

from ._refs import parse_numeral

# A figure stated for each applicant ("每个学会最多可申报1项"), which a province-wide question does not ask.
EACH_APPLICANT = re.compile(r"每(?:个|家)\s*(?:学会|单位|申报单位)|各学会")

# What the question asks for → evidence a passage must hold to answer it.
WANTS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "money": (
        re.compile(
            r"多少钱|几块钱|多少元|几元|金额|资助多少|奖励多少|补助多少|补贴多少|经费多少|拿多少|给多少|发多少|交多少"
            r"|费.{0,6}(多少|标准)|能资助|资助标准|资助金额|罚款|罚多少"
            r"|奖金|工资|薪酬|薪资|报酬|待遇|预算"
        ),
        re.compile(r"\d\s*万?元|元\s*/|（元"),
    ),
    "hourly": (re.compile(r"一小时|每小时|一个小时|课时|学时"), re.compile(r"小时|课时|学时")),
    "age": (re.compile(r"年龄|岁"), re.compile(r"年龄|\d+\s*周?岁")),
    "validity": (
        re.compile(r"有效期|有效几年|几年有效|管几年|保持几年|期满|到期|复评|复审"),
        re.compile(r"有效期|期满|到期|复评|复审|届满"),
    ),
    "percent": (
        # A figure the user states ("会员每年涨3%-10%") is their case: only "多少%" asks one.
        re.compile(r"比例|占比|百分之|(?:多少|几)\s*%|几成|比重|权重|增长多少|增加多少|提升多少|增幅|增长率|占多少|占几|占了多少"),
        re.compile(r"%|比例|占比|百分之|\d成|\d/\d"),
    ),
    # A concrete date or duration: "5月31日", "10月至11月份", "提前6个月", "17:00".
    "time": (
        # "分了哪几点" lists points; "几点" alone asks the hour.
        re.compile(r"什么时候|啥时候|何时|几号|几月|哪天|哪一天|截止|最晚|多久|期限|时间节点|(?<![哪分有])几点|多长时间|多少时间|多长"),
        # A bare year ("2023年度") dates a document, it is no date or duration: "升类申请表什么
        # 时候之前交" is not answered by the form's title year.
        re.compile(r"\d+\s*(月|日|个月|天|周|小时)|\d+\s*[:：]\s*\d\d|月底|月初|上半年|下半年|季度|每半年"),
    ),
    # "截止到哪一天", "几号截止": a day, which a month alone ("10月至11月") does not name.
    "day": (re.compile(r"哪一天|哪天|几号|几月几[日号]"), re.compile(r"\d+\s*[日号]")),
    # "多久发一次", "一年评几次": how often, answered by 每年/每半年/每两年 as much as by a date.
    "frequency": (
        re.compile(r"多久\S{0,3}一次|多长时间\S{0,3}一次|几年\S{0,3}一次|一年\S{0,3}几次|每年\S{0,3}几次|频次|频率"),
        re.compile(r"每\s*(?:年|半年|季度|月|周|[两三四五\d]\s*年)|[一两三四五\d]\s*年\s*一\s*次|年度"),
    ),
    "place": (
        # "归在哪个类别" asks which category, not where: 在哪 is a place only when 哪 stands alone.
        re.compile(r"哪里|哪儿|什么地方|什么地址|地址|送到哪|寄到哪|交到哪|在哪(?![个些一类种项条部级])"),
        # A web address or mailbox is where things are downloaded from or sent to as well.
        re.compile(r"地址|\d+\s*号|\d+\s*室|[省市区县][^，。；]{0,12}[路街道]|https?[:：]|www\.|@"),
    ),
    # "数量上限是多少", "最多立几个": a cap, stated as one ("上限", "最多", "不超过") with its figure.
    "limit": (
        re.compile(r"上限|最多(?:能|可|可以)?(?:立|设|报|申报|批)?(?:几|多少)|名额|限额|限项|至多"),
        re.compile(r"(?=.*\d)(?:.*(?:上限|最多|至多|不超过|名额|限额|限项|以内))"),
    ),
    # A mailbox, a telephone number or a web address is answered only by one written out: "提交至
    # 指定邮箱，具体要求另行通知" names no mailbox.
    "email": (
        re.compile(r"(?:哪个|什么|哪)\s*(?:电子)?邮箱|邮箱(?:地址)?(?:是|多少)|邮箱地址|邮件地址|e-?mail"),
        re.compile(r"[\w.\-]+\s*[@＠]\s*[\w\-]+\.|[@＠]"),
    ),
    "phone": (
        re.compile(r"电话(?:号码)?(?:是|多少|几号)|电话号码|联系电话|手机号|打什么电话|哪个电话|座机"),
        re.compile(r"\d{3,4}\s*[-－—]\s*\d{7,8}|(?<!\d)\d{7,8}(?!\d)|(?<!\d)1\d{10}(?!\d)"),
    ),
    "fax": (re.compile(r"传真"), re.compile(r"传真\D{0,6}\d{3,4}\s*[-－—]?\s*\d{7,8}|传真\D{0,6}\d{7,8}")),
    "url": (
        re.compile(r"网址|网站地址|网页地址|链接|下载地址|哪个网站下载"),
        re.compile(r"https?\s*[:：]|www\s*\.|\.(?:com|cn|org|net|gov)\b"),
    ),
    # "一个学会能报两项吗", "能不能报两个": how many one applicant may apply for — stated as a
    # rule on each applicant (每个学会最多可申报1项, 限报, 互不兼报), not as a programme's quota.
    "each_cap": (
        re.compile(r"(?:能|可以|可|能不能|可不可以|允许)\s*(?:同时)?\s*(?:报|申报|申请)\s*(?:两|2|几|多少|多)\s*(?:项|个)"),
        re.compile(EACH_APPLICANT.pattern + r"|限报|限申报|最多可\s*(?:分别)?\s*申报|互不兼报|只能(?:选择|申报)"),
    ),
    # "哪些学会 / 名单": names of societies — a list of them, or a table row naming one.
    "names": (
        # Names are asked for by a list, or by "which societies" with an outcome they got ("被认定为一流
        # 学会的有哪些学会"); "哪些学会可以被认定为…" or "是给哪些学会的" asks which kind qualifies.
        # "要办大型学术活动的有哪些学会": the societies something is set for, by name.
        re.compile(r"名单|名录|的(?:有|是)(?:哪些|哪几家|哪几个)(?:学会|协会)|^(?=.*(?:获得|入选|评为|评上|认定为|被认定|拿到|获批|获评|上榜|立项了|获奖))"
                   r"(?!.*(?:可以|能|可|需要|必须|才能|应当)\s*(?:被|获|评|认定|申报))"
                   r"(?=.*(?:(?:哪些|哪几家|哪几个|哪家)(?:学会|协会)|(?:学会|协会)有?(?:哪些|哪几家|哪几个)))"),
        # Names enumerated with 、 ("市物理学会、市气象学会"); a comma ends a clause, not a name.
        re.compile(r"名单|[\u4e00-\u9fff]{2,12}(?:学会|协会)、[\u4e00-\u9fff]{2,12}(?:学会|协会)"),
    ),
}
# "几场 / 多少人 / 几个": a count of something; the answer must hold a number with that unit (or be
# a table cell holding a bare number).
# Units of measure too: "多少字", "多少平方米", "实施周期是几年" (a span of years, never "2022年").
_COUNT = re.compile(r"(?<!哪)(?:几|多少)\s*(个人|人次|个小时|小时|平方米|平米|万字|字|年|个|人|名|家|场|次|项|分|天|篇|位|条|届|份)")
# A bare figure in a table cell counts people, sessions … only under a header that says so
# ("培训人数：110" for "多少人", not "项目数量（上限）：30"); 个/项/家 count whatever the header names.
_CELL_HEADERS = {"个人": "人|名", "人次": "人", "人": "人|名", "名": "人|名", "场": "场|次|活动", "次": "次|场",
                 "篇": "篇|论文|文章", "天": "天|日", "个小时": "小时|时", "小时": "小时|时", "分": "分",
                 "字": "字", "万字": "字", "平方米": "面积|平方米|平米", "平米": "面积|平方米|平米", "份": "份"}
# "篇数 / 字数 / 场次 有要求吗": a count asked by its unit's 数, without 多少.
_COUNT_OF = re.compile(r"(篇|字|场)(?:数|次)(?:[^，。？?]{0,8})(?:要求|规定|限制|多少|几)")
_FULL_MARKS = re.compile(r"满分|总分|分值|分数")
_UNITS = {"个人": "人|名", "人次": "人次|人", "个小时": "小时", "小时": "小时", "平方米": "平方米|平米|㎡",
          "平米": "平方米|平米|㎡", "万字": "万字|字", "字": "字", "年": "年", "个": "个|项|家|名|人", "人": "人|名|人次", "名": "名|人",
          "家": "家|个", "场": "场|次", "次": "次|场", "项": "项|个", "分": "分", "天": "天|日|工作日",
          "篇": "篇", "位": "位|人|名", "条": "条|项", "届": "届", "份": "份"}
_NUM = r"[\d一二两三四五六七八九十百千]+\s*"
_ONLINE = re.compile(r"网站|网上|平台|系统|邮箱|公众号|网址")
# A year is "2021年" or "2021年度"; a bare 20xx is a count ("会员有2050人").
_YEAR = re.compile(r"(?<!\d)(20\d\d)\s*年")
# What may stand between a year and a document's name ("2023年度的省科协…"), and the names.
_BEFORE_NAME = r"\s*度?\s*的?\s*(?:江苏省|省科协|省|市科协)?\s*"
_DOC_NOUN = r"(?:提升计划|工作指南|项目指南|指南|考核|办法|实施方案|方案|通知|文件|计划)"
_DOC_YEAR = re.compile(r"(?<!\d)(20\d\d)\s*年?" + _BEFORE_NAME + _DOC_NOUN)
# "23年指南", "24年考核办法": a year written short, naming a document.
_SHORT_DOC_YEAR = re.compile(r"(?<![\d年])(\d\d)\s*年" + _BEFORE_NAME + _DOC_NOUN)
# "怎么算", "是怎么得出来的": asks how a figure is arrived at.
_METHOD = re.compile(r"(?:怎么|如何|怎样|咋)\s*(?:样)?\s*(?:来)?\s*(?:算|计算|得出|得来|来的|构成|组成|计分|评分|打分|核算)")
# Words dating the asker's case relative to now: the rules say 本年度/当年 where users say 今年.
ASKERS_YEAR = frozenset({"今年", "明年", "去年", "前年", "后年", "一年", "新一年", "这一年", "本年"})
_STATEMENT_END = ("。", "！", "!")
_OWN = re.compile(r"我们|我会|本会|我学会|我单位|咱们|我们会")
HOME_REGION = "江苏省"
LAST = -1  # Query.ordinals: "最后一条", the last item
# Places a question can name as the issuer of the rules it asks about. The corpus is one province's
# and one of its cities'; a question about another province's or city's rules is not answered
# by them. Provinces, Jiangsu's cities and the large cities users compare with.
PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 "
    "贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()
JIANGSU_CITIES = "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁".split()
CITIES = JIANGSU_CITIES + (
    "杭州 宁波 温州 合肥 福州 厦门 济南 青岛 郑州 武汉 长沙 广州 深圳 成都 西安 沈阳 大连 长春 哈尔滨 石家庄 太原 "
    "昆明 贵阳 南宁 南昌 兰州 海口"
).split()
_CITY_MUNICIPALITIES = {"北京", "天津", "上海", "重庆"}
# A place names the scope when it owns what follows: "苏州市科协", "浙江省的提升计划", "南京市级学会";
# "在南京办的活动" names where something happens, not whose rules apply.
_SCOPE = re.compile(
    rf"(?<!在)(?<!到)(?<!去)({'|'.join(sorted(PROVINCES + CITIES, key=len, reverse=True))})(省|市)?"
    r"(?=科协|科学技术协会|市级|省级|级|所属|的?学会|的?协会|的?规定|的?标准|的?政策|的?文件|的?提升计划|的?考核)"
)
_PLACES = "|".join(sorted(PROVINCES + CITIES, key=len, reverse=True))
# "不是盐城那个", "除了苏州的": a place the question sets aside names no scope.
_NEGATED = re.compile(
    rf"(?:不是|并非|而非|而不是|除了|除去|不包括|不要|不看)\s*(?:{_PLACES})(?:省|市)?(?:市?科协)?"
    r"(?:那个|那份|那边|那里|这个|的)?(?:文件|方案|规定|标准)?"
)
# "（不是服务团那种）", "不是一流学会那个": a thing the question sets aside, by what it is not.
_SET_ASIDE = re.compile(r"[（(]?\s*(?:不是|并非|而不是|而非)\s*[^，,。？?！!、（）()]{2,12}?\s*(?:那种|那类|那个|那样|那块)\s*[）)]?")
# A clause that asks (哪天, 多少, 吗 …): in "盐城那边是5月31号截止，省里的从哪天开始报", the earlier
# clause is a premise and the asking clause says whose rules are meant.
ASKING_CLAUSE_CHARS = 4  # a shorter asking clause ("线上的呢") leans on the clauses before it
_ASKING = re.compile(r"哪|什么|啥|多少|几|吗|怎么|如何|谁|是否|能否|能不能|可不可以|有没有|\?|？")
# "省科协 / 省级 / 全省": the provincial rules, as opposed to a city's.
_PROVINCIAL = re.compile(r"省科协|省级|全省|江苏省|省里|省一级")
# Questions asking for every item of something: the listing clause answers, not one item.
_LIST = re.compile(
    r"哪些|哪几|哪[一二三四五六七八九十两\d]+(?:类|个|项|部分|条|种|方面|块)|有几类|几个类别|包括什么|包含什么|分为|"
    r"都有什么|有什么(?:项目|类别)|列举|分别是"
)
# "具体要做些啥", "主要内容是什么": what a clause says as a whole, all of it in order.
_WHOLE = re.compile(r"具体(?:要)?(?:做|干|包括|指|是)|(?:做|干)(?:些|点)?(?:什么|啥)|主要内容|具体内容|什么内容|有啥内容|"
                    r"都(?:要|需要)?(?:做|干)|讲(?:了)?(?:什么|啥)|说(?:了)?(?:什么|啥)")
# What a listing question lists: a document's own items ("哪几类", "哪些子项目", "包括哪些") are
# its clauses or table rows; other things ("哪些单位", "哪些平台") are named inside one sentence.
_LISTED = re.compile(r"(?:哪些|哪几|哪[一二三四五六七八九十两\d]+)\s*(个|家)?\s*([\u4e00-\u9fff]{0,3})")
# "有哪些内容 / 要求 / 指标" asks what one clause says, not for the list of its siblings.
_MEASURES = "种个类项条"


def listed_noun(listed: str) -> str:
    """What a listing question lists when it is not a document's items: "种形式" → "形式", "种能力"
    → "能力"; "" for items ("类项目", "条", "条目", "个方面")."""
    noun = listed[1:] if len(listed) > 2 and listed[0] in _MEASURES else listed
    return "" if _ITEM_NOUNS.match(noun) else noun


_ITEM_NOUNS = re.compile(r"^(类|条|项|部分|方面|子项|专项|种|块|措施|类别|项目|点|环节|步骤|阶段|事|工作|任务|$)")
# A sum or total ("总预算", "一共多少", "加起来"): only a stated total or subtotal answers it.
# "这个子项目全省一共能立多少个": 一共 of one item the question points at is that item's figure.
_THIS_ITEM = re.compile(r"(?:这个|这一|该|这)\s*(?:子项目|专项|项目|子项|类项目)")
_PROVINCE_WIDE = re.compile(r"全省|全省范围|省里总共|省里一共")
_TOTAL = re.compile(r"总(?:共|计|数|额|预算|金额|经费|人数|规模)|一共|合计|加起来|共计|小计")
_TOTAL_EVIDENCE = re.compile(r"合计|小计|总计|共计|总数|总额|累计|共\s*[\d一二三四五六七八九十]")
# Yes/no questions ("能算进…吗", "能不能报"): the sentence that excludes is often what decides.
# "这样符合要求不", "能报不": a verb or adjective closed by 不/没 asks yes or no as 吗 does.
_YES_NO = re.compile(r"吗|能否|是否|是不是|能不能|可不可以|算不算|行不行|要不要|需不需要|可以不|有没有|[^\s]不\s*[？?]?$|没\s*[？?]?$")
# "第3个是什么项目": 个 alone numbers an item as 第3项 does.
# "第三部分（创新部分）": the parenthesis restates the part's name — the part itself, not its third item.
_ORDINAL = re.compile(r"第\s*[（(]?([一二三四五六七八九十\d]{1,3})[）)]?\s*(?:(?:个|大)?\s*(?:部分|[条项点款块节章]|部(?!分))|个)"
                      r"(?!\s*[（(]\s*[^一二三四五六七八九十\d\s）)])")
# "最后一条 / 最后一项": the last item of the part the question names.
_LAST_ITEM = re.compile(r"最后\s*一?\s*(?:个|大)?\s*(?:条|项|点|款|块)")
# "头一条 / 头条": the first item, as 第一条 says it.
_FIRST_ITEM = re.compile(r"头\s*一?\s*(?:个|大)?\s*(?:条|项|点|款|块)")
_QUOTED = re.compile(r"[“\"「『《]([^”\"」』》]{2,20})[”\"」』》]")
# "怎么申报 / 如何提交": asks for a procedure, which the documents put under 申报方式/程序/流程.
_HOW = re.compile(r"(?:怎么|如何|怎样|咋)(?:样)?(?:去|来)?(?:申报|申请|报名|报送|报|提交|交|办理|填报|递交|联系)")
_ELIGIBILITY = re.compile(r"能报|能不能报|能否申报|能申报|可以申报|可以报|可不可以报|有资格|能不能申请|能申请|够条件")
# A few words users say where the documents say another; applied to the keyword side only. Each is
# a general reading of the word (tests/kb/test_query.py asks each in a question of its own).
SYNONYMS = {
    "加起来": "合计 小计",
    "双创": "创新创业",
    "表彰": "表扬",
    "一共": "合计 小计",
    "总共": "合计 小计",
    "总数": "合计 小计",
    "门槛": "条件 要求 不低于",
    "条件": "要求 资格条件",
    "不能": "不得 不可",
    "能报": "申报",
    "能不能报": "申报 不得",
    "评级": "等级 评价",
    "开会": "召开 会议",
    "多久": "每年 每半年 提前",
    "钱": "经费 资助 元",
    "截止": "前 申报时间",
    "几号": "申报时间 月 日",
    "交": "提交 报送",
    "降级": "降入 下一类 降至",
    "名额": "项目数量 上限",
    "一起报": "兼报 同时申报",
    "都报": "兼报 同时申报 最多可申报",
    "都申报": "兼报 同时申报 最多可申报",
    "一起申报": "兼报 同时申报",
    "同时报": "兼报 同时申报",
    "最晚": "截止 前",
    "送到": "报送 提交 地址",
    "哪里": "地址",
    "降到": "降入 降至",
    "升级": "升入 上一类",
    "升类": "升入 升降",
    "降类": "降入 升降",
    "明年": "下年度 下一年度",
    "今年": "本年度 当年",
    "加分": "附加分",
    "查账": "财务 审计 监督检查",
}


# The rules' words for a cap on each applicant, brought to the keyword search by an each_cap question.
CAP_WORDS = ["最多可申报", "兼报"]


@dataclass
class Query:
    """A question, analysed."""

    text: str
    norm: str
    tokens: list[str]
    keyword_tokens: list[str]
    years: list[int] = field(default_factory=list)
    doc_hints: set[str] = field(default_factory=set)
    named_docs: set[str] = field(default_factory=set)
    # The names by which it named them ("提升计划"): another document using the same name for the
    # programme it speaks of ("能力提升计划项目") is about what is named as well.
    names_used: list[str] = field(default_factory=list)
    doc_years: list[int] = field(default_factory=list)  # years naming a document: "2021年提升计划"
    # A document named by a year and a name no document of that year bears: "24年的提升计划"
    # (the knowledge base has a 2024 考核办法 and a 2022 提升计划, no 2024 提升计划).
    missing_docs: list[tuple[int, str]] = field(default_factory=list)
    province_wide: bool = False  # "全省一共能立多少个": the programme's figure, not each applicant's
    # A part the question names that the document it names does not have ("24年考核办法的附件2"):
    # set by the knowledge base, which knows each document's parts.
    absent_part: str = ""
    wants: list[str] = field(default_factory=list)
    ordinals: list[int] = field(default_factory=list)  # "第三部分第（一）条" → [3, 1]
    anchors: list[str] = field(default_factory=list)
    about_eligibility: bool = False
    scope_regions: list[str] = field(default_factory=list)  # "苏州市科协…" → ["苏州市"]
    provincial: bool = False  # asks about the provincial rules (省科协, 省级 …)
    asks_list: bool = False  # "有哪几类", "包括哪些", "哪些单位": every item of a listing
    asks_items: bool = False  # … of a clause's items ("哪几条", "哪些子项目"), not names in a sentence
    listed: str = ""  # what a listing question lists: "要求" in "有哪些要求", "" when unsaid
    asks_total: bool = False  # "一共多少", "总预算": a stated total
    yes_no: bool = False
    asks_how: bool = False  # "怎么申报": a procedure (申报方式, 程序, 流程)
    # The asking clause's words when a story comes first ("我们学会是去年刚成立的，会员300多人，
    # 想问问一流平台学会对评估等级有什么要求"): [] for a one-clause question.
    asking_tokens: list[str] = field(default_factory=list)
    # The asking sentences' words when a statement comes first ("我们打算报品牌学术交流，去年那届
    # 来了600多人。提升计划说啥样的学术活动会优先支持？"): [] when nothing was set aside.
    asked_tokens: list[str] = field(default_factory=list)
    counted: str = ""  # what a count question counts: "专家" in "最少要有几个专家"
    asks_whole: bool = False  # "具体要做些啥", or a listing: the clause quoted in order, not its best sentences
    # Table items the question names, with the categories they fall under ("标准制定" →
    # ["服务平台建设"]): a rule on the category speaks of the item too.
    broader: dict[str, list[str]] = field(default_factory=dict)




def whole_words(norm: str, terms: Sequence[str] = ()) -> set[str]:
    """Every span of `norm` that starts and ends on a word boundary (up to four words long):
    "加起来" in 加/起来 is a whole word, "交" inside 交流 is not."""
    segs = segment(norm, terms)
    out = set()
    for i in range(len(segs)):
        for j in range(i + 1, min(len(segs), i + 4) + 1):
            out.add("".join(segs[i:j]))
    return out


def names_place(norm: str) -> bool:
    """Does the question name a province or city ("放到上海合办", "在南京办的")?"""
    return bool(re.search(_PLACES, norm))


def scope_regions(norm: str) -> list[str]:
    """The provinces and cities a question names as whose rules it asks about."""
    out = []
    for m in _SCOPE.finditer(norm):
        name, suffix = m.group(1), m.group(2)
        if suffix is None:
            suffix = "市" if name in CITIES or name in _CITY_MUNICIPALITIES else "省"
        if name in _CITY_MUNICIPALITIES:
            suffix = "市"
        out.append(name + suffix)
    return list(dict.fromkeys(out))


def _last_asking(text: str, stops: str) -> str:
    """The last clause (cut at `stops`) that asks, when the text has a clause before it; else ""."""
    clauses = [c for c in re.split(f"[{stops}]", text) if c.strip()]
    asking = [c for c in clauses if _ASKING.search(c)]
    return asking[-1] if len(clauses) > 1 and asking else ""


def scope_text(norm: str) -> str:
    """The part of a question that says whose rules it asks about: without places it sets aside
    ("不是盐城的"), and only the asking clause when that clause names a scope itself."""
    text = _NEGATED.sub("", norm)
    # A question mark stays in its clause here: it is what marks the clause as asking.
    last = _last_asking(text, "，,；;。！!")
    return last if last and (_PROVINCIAL.search(last) or re.search(_PLACES, last)) else text


def doc_years_in(norm: str) -> set[int]:
    """The years a text names ("2023年", "23年指南"), but not the asker's own ("我们2021年考核是C等")."""
    years = {int(m.group(1)) for m in _YEAR.finditer(norm) if not _OWN.search(norm[: m.start()][-4:])}
    return years | {2000 + int(m.group(1)) for m in _SHORT_DOC_YEAR.finditer(norm)}


_YEAR_THEN = re.compile(r"(?<![\d年])(20\d\d|\d\d)\s*年" + _BEFORE_NAME)


def missing_documents(asked: str, docs: Sequence[DocumentInfo]) -> list[tuple[int, str]]:
    """"24年的提升计划": a year and a document's name that no document of that year bears, when
    documents of that year exist (a year with none is refused as such)."""
    out = []
    years = {d.year for d in docs}
    for m in _YEAR_THEN.finditer(asked):
        if _OWN.search(asked[: m.start()][-4:]):
            continue
        year = int(m.group(1)) + (2000 if len(m.group(1)) == 2 else 0)
        rest = asked[m.end():]
        names = [a for d in docs for a in map(for_matching, d.aliases) if a and rest.startswith(a)]
        if year in years and names and not any(d.year == year and set(names) & set(map(for_matching, d.aliases))
                                                for d in docs):
            out.append((year, max(names, key=len)))
    return out


_FIGURE = re.compile(r"[\d.．]+\s*[%％]?")


def is_figure(token: str) -> bool:
    """A bare figure ("500", "3%"): the user's own case when they state it, never a topic."""
    return bool(_FIGURE.fullmatch(token))


def asked_part(norm: str) -> str:
    """The sentences that ask: a sentence closed by 。 or ！ before a question ("我们学会成立30年了，
    …几个老师兼职在干。23年指南对秘书处有啥要求？") states the asker's case, and is left out."""
    sentences = [s for s in re.split(r"(?<=[。！!？?])", norm) if s.strip()]
    if len(sentences) < 2 or not any(s.rstrip().endswith(("？", "?")) for s in sentences):
        return norm
    return "".join(s for s in sentences if not s.rstrip().endswith(_STATEMENT_END)) or norm


def asking_clause(norm: str) -> str:
    """The last clause that asks, when the question has a clause before it ("" otherwise)."""
    last = _last_asking(norm, "，,；;。！!？?")
    return last if len(last) >= ASKING_CLAUSE_CHARS else ""


def analyse(question: str, docs: list[DocumentInfo], terms: Sequence[str] = (),
            categories: dict[str, list[str]] | None = None) -> Query:
    """A question read: its tokens (cut with `terms`, the dictionary terms the indexed documents
    brought), the documents and scope it names, what it asks for and in what form."""
    norm = for_matching(question)
    # "科创江苏（不是服务团那种）": what the asker sets aside is not what they ask about.
    topic = _SET_ASIDE.sub("", norm)
    tokens = tokenize(topic, terms)
    words = whole_words(topic, terms)
    extra = []
    for word, expansion in SYNONYMS.items():
        if word in words:
            extra += expansion.split()
    broader = {k: v for k, v in (categories or {}).items() if k in norm}
    # "我们2021年考核是C等": the asker's own history, which the rules speak about, names no document.
    # What is asked, and in what form, is read from the sentences that ask: "我们学会前几年就有职称
    # 评审资格了。" tells the asker's case; its 几年 asks no count, its 有没有 no yes or no.
    asked = asked_part(norm)
    # A year in a statement before the question ("我们的科技奖2019年就报备了。…结题时交啥？") is
    # the asker's history: no document is missing for it. A document the statement names ("24年
    # 考核办法说…。对照23年指南，…") is context when the asking sentences name their own.
    anywhere = doc_years_in(norm)
    years = sorted(doc_years_in(asked))
    # Strong hints: the document's year, or the city it is about. A document's own name is only a
    # weak hint: "工作指南" or "提升计划" also come up in the other years' documents.
    hints = {d.id for d in docs if d.year in years} or {d.id for d in docs if d.year in anywhere}
    aliases = [a for d in docs for a in map(for_matching, d.aliases) if a]
    scoped = scope_text(asked)  # "我们是盐城的市级学会。省科协的…": where the asker is
    hints |= {d.id for d in docs if d.region and d.region != HOME_REGION and d.region.rstrip("市省") in scoped}
    named = {d.id for d in docs if any(n and n in scoped for n in map(for_matching, d.aliases))}
    wants = [k for k, (ask, _) in WANTS.items() if ask.search(asked)]
    if "frequency" in wants and "time" in wants:
        wants.remove("time")  # "多久发一次" asks how often, not when
    if "place" in wants and _ONLINE.search(asked):
        wants.remove("place")  # "报送到哪些网站" asks for a website, which has no street address
    if "each_cap" in wants:
        extra += CAP_WORDS  # "能不能报两个": the rules' words for a cap on each applicant
    counted = _COUNT.search(asked)
    if _METHOD.search(asked):
        # "总分是怎么得出来的", "占比怎么算": how a figure is arrived at, not the figure.
        wants = [w for w in wants if w != "percent"]
    elif counted and "money" not in wants:
        wants.append("count:" + counted.group(1))
    elif _FULL_MARKS.search(asked) and "money" not in wants:
        wants.append("count:分")  # "满分是多少": points, asked without the unit
    elif (per := _COUNT_OF.search(asked)) and "money" not in wants:
        wants.append("count:" + per.group(1))  # "篇数或者字数有要求吗": a count of that unit
    elif "人数" in asked and re.search(r"多少|几", asked) and "money" not in wants:
        wants.append("count:人")  # "参会人数要求是多少": a head count, asked without its unit
    # A malformed ordinal ("第一一条") is read as no ordinal, never as a partial number or an error.
    read = [parse_numeral(m.group(1)) for m in _ORDINAL.finditer(norm)]
    ordinals = [n for n in read if n is not None] if None not in read else []
    if not ordinals and _LAST_ITEM.search(norm):
        ordinals = [LAST]
    elif not ordinals and _FIRST_ITEM.search(norm):
        ordinals = [1]
    anchors = [for_matching(a) for a in _QUOTED.findall(question)]
    regions = scope_regions(scoped)
    if _PROVINCIAL.search(scoped):
        # "苏州的学会能报省科协的提升计划吗": a Jiangsu city is where the asker is; the rules asked
        # about are the province's — unless the city's own 科协 is named.
        regions = [r for r in regions if r[:-1] not in JIANGSU_CITIES or re.search(rf"{r[:-1]}市?科协", scoped)]
    asks_total = bool(_TOTAL.search(asked)) and not _THIS_ITEM.search(asked)
    asks_list = bool(_LIST.search(asked)) and not counted
    listed = _LISTED.search(asked)
    asks_items = asks_list and (listed is None or bool(_ITEM_NOUNS.match(listed.group(2) or "")))
    return Query(
        text=question,
        norm=norm,
        tokens=tokens,
        keyword_tokens=tokens + extra,
        years=years,
        doc_hints=hints,
        named_docs=named - hints,
        names_used=[a for d in docs if d.id in named - hints for a in map(for_matching, d.aliases) if a and a in scoped],
        doc_years=sorted({int(m.group(1)) for m in _DOC_YEAR.finditer(asked) if not _OWN.search(asked[: m.start()][-4:])}),
        missing_docs=missing_documents(asked, docs),
        province_wide=bool(_PROVINCE_WIDE.search(asked)),
        wants=wants,
        ordinals=ordinals,
        anchors=anchors,
        about_eligibility=bool(_ELIGIBILITY.search(norm)),
        scope_regions=regions,
        provincial=bool(_PROVINCIAL.search(scoped)) and not any(r.endswith("市") for r in regions),
        asks_list=asks_list,
        asks_items=asks_items,
        listed=(listed.group(2) if listed else ""),
        asks_total=asks_total,
        yes_no=bool(_YES_NO.search(asked)),
        asks_how=bool(_HOW.search(asked)),
        counted=counted_noun(asked, counted.end()) if counted else "",
        # Without the words naming a document: "这样能报提升计划吗" asks nothing of its own.
        asking_tokens=[t for t in tokenize(clause, terms) if not any(t in a for a in aliases)]
        if (clause := asking_clause(norm)) else [],
        asks_whole=asks_list or bool(_WHOLE.search(asked)),
        asked_tokens=[t for t in tokenize(asked, terms) if not any(t in a for a in aliases)] if asked != norm else [],
        broader=broader,
    )


def counted_noun(norm: str, at: int) -> str:
    """The thing a count question counts, right after its unit: "几个专家" → "专家" ("" if none)."""
    m = re.match(r"(?:的)?([\u4e00-\u9fff]{2,4})", norm[at:])
    if not m or re.match(r"(?:以上|以下|左右|呢|吗|啊|了|才|就|可以|能|要|是)", m.group(1)):
        return ""
    return m.group(1)[:2]


def has_evidence(want: str, text: str, counted: str = "") -> bool:
    """Does `text` hold what a `want` asks for (an amount, an age, a date, a count of a unit …)?
    A table cell's bare figure ("项目数量（上限）：20") counts things its header names: with
    `counted` ("专家"), only a header naming them."""
    norm = for_matching(text)
    if want.startswith("count:"):
        units = _UNITS[want[6:]]
        if units == "年":  # "3年", "两年", not the date "2022年" or "年度"
            return bool(re.search(r"(?<!\d)(?:\d{1,2}|[一二两三四五六七八九十]+)\s*个?\s*年(?!度)", norm))
        header = re.escape(counted) if counted else _CELL_HEADERS.get(want[6:], "")
        # The header is a field's own name, from its separator to its colon: "1、活动举办时间为：
        # 2017年" inside a 备注 cell is no 活动 column.
        cell = rf"(?:^|[；｜])[^；｜：]*(?:{header})[^；｜：]*：\s*\d" if header else r"：\s*\d"
        return bool(re.search(rf"{_NUM}(?:{units})|{cell}", norm))
    return bool(WANTS[want][1].search(norm))


def states_total(text: str) -> bool:
    """Does `text` state a total or subtotal (合计, 小计, 共计 …)?"""
    return bool(_TOTAL_EVIDENCE.search(for_matching(text)))
