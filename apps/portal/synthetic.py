"""Deterministic synthetic data: the shipped debate scaled up, to measure the pages at size.

:func:`generate` adds experts (hanzi names, pinyin derived by ``apps.core.chinese``),
institutions of every kind with parents, venues, publications with several authors and dates
of every precision, analyses with chapters and footnotes citing the publications, and positions
with one to three holders, themes, a question and stance, tags and optional footnotes. Everything
goes in with ``bulk_create``; :func:`clear` takes it out again with bulk deletes.

What keeps the shipped records safe:

- every record made here that has a slug gets one starting with ``syn-``; records without a
  slug (authorships, holders, footnotes, tag links...) hang from one that has;
- only ``syn-`` records and what hangs from them are ever deleted. Shipped themes and tags are
  reused (synthetic positions link to them, and shipped themes get ``syn-`` questions) but no
  shipped row is ever changed.

Counts are *added* to what is there and numbering continues, so repeated calls grow the dataset
(the benchmark goes 10k → 50k → 200k positions this way). The same seed and the same calls give
the same slugs, names and links.

``bulk_create`` skips ``save()`` and django-simple-history (no history for synthetic rows, as
intended), so derived columns are computed here with the models' own ``fill_derived_fields`` and
``refresh_search_text``, fed related rows from memory so that they run no queries.
"""

from __future__ import annotations

import datetime
import math
import random
from bisect import bisect
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem
from tqdm import tqdm

from apps.analysis.models import (
    Analysis,
    Analyst,
    Chapter,
    ChapterAnalyst,
    Citation,
    Footnote,
    Paragraph,
)
from apps.core.chinese import strip_tones, syllables, to_simplified
from apps.core.models import DatePrecision, format_partial_date
from apps.debate.models import (
    DataVersion,
    GlossaryTerm,
    Position,
    PositionHolder,
    Question,
    Stance,
    Theme,
)
from apps.people.models import (
    Affiliation,
    Expert,
    ExpertAlias,
    Institution,
    InstitutionKind,
    Origin,
)
from apps.sources.models import Authorship, Language, Publication, PublicationKind, Venue, VenueKind

PREFIX = "syn-"
SYNTHETIC = models.Q(slug__startswith=PREFIX)
# Record timestamps follow the generation index, so ordering by creation is deterministic too.
EPOCH = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
CHUNK = 5000  # rows built in memory before they are written
TITLE_FIELDS = ("title", "title_original", "title_transliterated")
FOOTNOTES_PER_POSITION = 0.1
FOOTNOTES_PER_CHAPTER = 50
CHAPTERS_PER_ANALYSIS = 6
QUESTIONS_PER_THEME = 3
# Authors and holders are drawn with weight 1 / (rank + 1) ** SKEW: a few prolific experts
# hold thousands of positions at 200k, as in a real debate (and as the expert page must bear).
SKEW = 0.7


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``"Beijing=北京; Shanghai=上海"`` -> ``(("Beijing", "北京"), ("Shanghai", "上海"))``."""
    return tuple(tuple(item.strip().split("=")) for item in text.split(";") if item.strip())


def _items(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(";") if item.strip())


# --- Vocabulary ---------------------------------------------------------------------------------
# Polyphonic characters whose surname reading pypinyin gets wrong (曾, 单, 解, 肖...) are left out.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓彭田董袁潘蒋蔡余杜叶程苏魏吕丁沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔向汤"
)
GIVEN = (
    "伟芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉建国文辉鹏飞斌宇浩凯健俊帆旭宁龙欣晨瑞峰海波志"
    "红兵东亮昊晓阳春新德成云立振庆荣光永安嘉佳毅琳萍雪梅颖慧晶燕蕾鑫钧松岩坤铭博"
)
FOREIGN_FIRST = _items(
    "Anna; Thomas; Claire; Martin; Sophie; Lukas; Elena; Pierre; Katarina; James; Maria; Jan; "
    "Laura; Marco; Eva; Henrik; Ingrid; Pablo; Agnieszka; Tomas"
)
FOREIGN_LAST = _items(
    "Müller; Dubois; Rossi; Novak; Schmidt; Jansen; García; Kowalski; Lindqvist; Moreau; "
    "Fischer; Bauer; Costa; Horvat; Petrov; Walsh; O'Brien; Keller; Nowak; Svensson"
)
ANALYST_NAMES = (
    "Helena Varga",
    "Tobias Lenz",
    "Margot Lefebvre",
    "Jonas Berg",
    "Chiara Bellini",
    "Piotr Zielinski",
    "Ruth Adler",
    "Felix Hartmann",
)
PROVINCES = _pairs(
    "Beijing=北京; Shanghai=上海; Tianjin=天津; Chongqing=重庆; Guangdong=广东; Zhejiang=浙江; Jiangsu=江苏; "
    "Sichuan=四川; Hubei=湖北; Shandong=山东; Fujian=福建; Henan=河南; Hunan=湖南; Anhui=安徽; Shaanxi=陕西; "
    "Guizhou=贵州; Yunnan=云南; Liaoning=辽宁; Jilin=吉林; Hebei=河北; Jiangxi=江西; Guangxi=广西; Hainan=海南"
)
CITIES = _pairs(
    "Shenzhen=深圳; Hangzhou=杭州; Wuhan=武汉; Nanjing=南京; Xi'an=西安; Chengdu=成都; Guangzhou=广州; "
    "Xiamen=厦门; Suzhou=苏州; Hefei=合肥; Changsha=长沙; Qingdao=青岛; Dalian=大连; Harbin=哈尔滨; Kunming=昆明; "
    "Guiyang=贵阳; Ningbo=宁波; Zhengzhou=郑州; Jinan=济南; Shenyang=沈阳"
)
EUROPEAN_CITIES = _items(
    "Berlin; Paris; Rome; Warsaw; Stockholm; Madrid; Vienna; Prague; Brussels; Lisbon"
)
BRANDS = _pairs(
    "Huaxin=华信; Zhiyun=智云; Tianyu=天宇; Xinhai=鑫海; Lingfeng=领峰; Ruichuang=睿创; Hongtu=宏图; "
    "Jiuzhou=九州; Shuzhi=数智; Yunfan=云帆"
)
FIELDS = _pairs(
    "Digital Economy=数字经济; Cyberspace Governance=网络空间治理; Artificial Intelligence=人工智能; "
    "Information Security=信息安全; Public Opinion=舆情; Science and Technology Policy=科技政策; "
    "Social Credit=社会信用; Big Data=大数据; Internet Law=互联网法; Innovation=创新; "
    "Industrial Economics=产业经济; International Relations=国际关系; Journalism and Communication=新闻传播; "
    "Intellectual Property=知识产权; Public Administration=公共管理; Information Technology=信息技术"
)
TOPICS = _pairs(
    "the digital economy=数字经济; cyberspace governance=网络空间治理; artificial intelligence=人工智能; "
    "data governance=数据治理; the social credit system=社会信用体系; online public opinion=网络舆论; "
    "internet content management=网络内容管理; think-tank soft power=智库软实力; "
    "the new round of technological revolution=新一轮科技革命; core technologies=核心技术; "
    "the platform economy=平台经济; cross-border data flows=跨境数据流动; cybersecurity=网络安全; "
    "big data=大数据; the industrial internet=工业互联网; smart cities=智慧城市; e-government=电子政务; "
    "technology standards=技术标准; semiconductor self-reliance=芯片自主; 5G networks=5G网络; "
    "the sharing economy=共享经济; financial technology=金融科技; algorithmic recommendation=算法推荐; "
    "personal information protection=个人信息保护; military-civil fusion=军民融合; "
    "innovation-driven development=创新驱动发展; Internet Plus=互联网+; blockchain=区块链; "
    "cloud computing=云计算; the digital Silk Road=数字丝绸之路; talent policy=人才政策; "
    "government credibility=政府公信力; integrity in commerce=商务诚信; online rumours=网络谣言; "
    "new-type think tanks=新型智库; discourse power=话语权; Sino-US technology competition=中美科技竞争; "
    "intelligent manufacturing=智能制造; robotics=机器人; quantum communication=量子通信"
)
TITLE_PATTERNS = (
    ("{a}: problems and countermeasures", "{A}的问题与对策"),
    ("On {a}", "论{A}"),
    ("{a} in the new era", "新时代的{A}"),
    ("Reflections on {a}", "关于{A}的思考"),
    ("{a} and {b}", "{A}与{B}"),
    ("Advancing {a} in the context of {b}", "{B}背景下{A}的推进路径"),
    ("Promoting {a} through {b}", "以{B}推动{A}"),
    ("International experience with {a} and lessons for China", "{A}的国际经验及对中国的启示"),
    ("{a}: current state, challenges and prospects", "{A}：现状、挑战与展望"),
    ("A study of {a}", "{A}研究"),
    ("How {b} reshapes {a}", "{B}如何重塑{A}"),
    ("The risks of {a} and how to govern them", "{A}的风险及其治理"),
)
THEMES = (
    (
        "Digital economy",
        "数字经济",
        "How internet technologies reshape growth, industry and the role of the state.",
    ),
    (
        "Online public opinion",
        "网络舆论",
        "Content filtering, the guidance of opinion and the management of the internet.",
    ),
    (
        "Think-tank soft power",
        "智库软实力",
        "How Chinese think tanks build influence at home and abroad.",
    ),
    (
        "Technological revolution",
        "新一轮科技革命",
        "The new round of technological revolution and competition with the United States.",
    ),
    ("Social credit", "社会信用", "What the social credit system is, who runs it, what it is for."),
    ("Artificial intelligence", "人工智能", "Ambitions, risks and governance of AI."),
)
QUESTION_TEMPLATES = (
    ("state-led", "Should the central state lead on {t}?"),
    ("new-law", "Is new national legislation needed on {t}?"),
    ("like-elsewhere", "Is China's approach to {t} comparable to practice elsewhere?"),
    ("us-rivalry", "Will China's work on {t} strengthen it against the United States?"),
    ("private-sector", "Should private companies have more say in {t}?"),
)
TAG_NAMES = _items(
    "digital economy; platforms; internet plus; big data; cybersecurity; data governance; "
    "artificial intelligence; social credit; public opinion; content filtering; soft power; "
    "think tanks; standards; semiconductors; 5G; e-commerce; fintech; smart cities; "
    "surveillance; privacy; algorithms; industrial policy; Made in China 2025; Belt and Road; "
    "US–China rivalry; innovation; blockchain; cloud computing; internet governance; "
    "cyber sovereignty; online media; propaganda; education; talent; military-civil fusion; "
    "export controls; intellectual property; local government; pilot zones; regulation; ethics; "
    "robotics; quantum; autonomous vehicles; healthcare; rural internet; "
    "state-owned enterprises; venture capital; open source; sharing economy"
)
ROLES = _items(
    "researcher; senior researcher; associate researcher; professor; associate professor; "
    "director; deputy director; secretary-general; editor-in-chief; chief engineer; fellow; "
    "lecturer; vice-president; head of department"
)
# Claims never make the topic their subject, so plural topics ("smart cities") still agree.
CLAIMS = (
    "the central government, not local experiments, should steer {t}",
    "local pilots have moved faster than national rules on {t}",
    "progress on {t} still depends on foreign core technology",
    "progress on {t} will narrow the gap with the United States within a decade",
    "existing law already covers most questions raised by {t}",
    "market actors, not ministries, should set the pace on {t}",
    "national security comes first in {t}",
    "foreign criticism misreads the purpose of China's work on {t}",
    "clearer rules on personal data are needed for {t}",
    "public trust is the main constraint on {t}",
)
REMEDIES = (
    "a national coordinating body",
    "clearer legislation",
    "more funding for basic research",
    "industry self-regulation",
    "international cooperation on standards",
    "stronger protection of personal data",
    "pilot zones before a national roll-out",
    "training specialised talent",
)
# Verbs are placeholders so that "Ma and Luo argue" agrees as well as "Ma argues".
VERBS = ("argues", "warns", "calls", "doubts", "accepts", "asks", "holds", "sees")
SUMMARIES = (
    "{who} {argues} that {claim}.",
    "{who} {warns} that {claim}, and {calls} for {remedy}.",
    "{who} {doubts} that {claim}.",
    "{who} {accepts} that {claim}, but {asks} for {remedy} first.",
    "{who} {holds} that {claim}; the answer, in this view, is {remedy}.",
    "{who} {sees} {remedy} as the answer, since {claim}.",
)
QUOTES = (
    ("必须加快{A}体系建设。", "We must speed up building the system of {a}."),
    (
        "做好{A}工作关系到国家安全和发展全局。",
        "Work on {a} bears on national security and development.",
    ),
    ("{A}不能照搬西方模式。", "{a} cannot simply copy Western models."),
    ("要坚持发展与安全并重，推进{A}。", "Development and security must go together in {a}."),
    ("{A}的核心是制度建设。", "The core of {a} is building institutions."),
)
PUBLISHERS = _items(
    "社会科学文献出版社; 人民出版社; 中信出版社; 电子工业出版社; Routledge; Springer"
)

# Institution names by kind: (English, Chinese) for top-level bodies, then for their units.
# {p} is a province or city, {f} a field, {b} a company brand; {parent} the parent's name.
INSTITUTION_NAMES: dict[str, tuple[tuple[tuple[str, str], ...], tuple[str, str]]] = {
    InstitutionKind.ACADEMY: (
        (
            ("{p} Academy of Social Sciences", "{p_zh}社会科学院"),
            ("{p} Academy of Science and Technology Strategy", "{p_zh}科学技术战略研究院"),
        ),
        ("Institute of {f}, {parent}", "{parent_zh}{f_zh}研究所"),
    ),
    InstitutionKind.THINK_TANK: (
        (
            ("China Centre for {f} Studies", "中国{f_zh}研究中心"),
            ("{p} Institute of {f}", "{p_zh}{f_zh}研究院"),
        ),
        ("{f} Programme, {parent}", "{parent_zh}{f_zh}项目组"),
    ),
    InstitutionKind.UNIVERSITY: (
        (
            ("{p} University", "{p_zh}大学"),
            ("{p} University of Technology", "{p_zh}理工大学"),
        ),
        ("School of {f}, {parent}", "{parent_zh}{f_zh}学院"),
    ),
    InstitutionKind.STATE_BODY: (
        (
            ("{p} Commission of Economy and Informatisation", "{p_zh}经济和信息化委员会"),
            ("{p} Cyberspace Administration", "{p_zh}互联网信息办公室"),
        ),
        ("Division of {f}, {parent}", "{parent_zh}{f_zh}处"),
    ),
    InstitutionKind.PARTY_BODY: (
        (
            ("Propaganda Department of the {p} Party Committee", "中共{p_zh}委员会宣传部"),
            ("Party School of the {p} Party Committee", "中共{p_zh}委员会党校"),
        ),
        ("Office of {f}, {parent}", "{parent_zh}{f_zh}办公室"),
    ),
    InstitutionKind.MEDIA: (
        (("{p} Daily", "{p_zh}日报"), ("{p} Evening News", "{p_zh}晚报")),
        ("Public Opinion Monitoring Centre, {parent}", "{parent_zh}舆情监测中心"),
    ),
    InstitutionKind.COMPANY: (
        (
            ("{b} Technology Co.", "{b_zh}科技有限公司"),
            ("{b} Data Group", "{b_zh}数据集团"),
        ),
        ("{b} Research Institute, {parent}", "{parent_zh}研究院"),
    ),
    InstitutionKind.MILITARY: (
        (
            ("PLA {p} Institute of Information Engineering", "解放军{p_zh}信息工程学院"),
            ("{p} Defence Electronics Research Institute", "{p_zh}国防电子研究所"),
        ),
        ("Department of {f}, {parent}", "{parent_zh}{f_zh}系"),
    ),
    InstitutionKind.LEGAL: (
        (
            ("{p} Intermediate People's Court", "{p_zh}中级人民法院"),
            ("{p} Internet Court", "{p_zh}互联网法院"),
        ),
        ("Research Office, {parent}", "{parent_zh}研究室"),
    ),
    InstitutionKind.FOREIGN: (
        (("{e} Institute for Asian Studies", ""), ("{e} Centre for China Research", "")),
        ("China Programme, {parent}", ""),
    ),
    InstitutionKind.OTHER: (
        (
            ("{p} Internet Society", "{p_zh}互联网协会"),
            ("{p} Big Data Association", "{p_zh}大数据协会"),
        ),
        ("{f} Committee, {parent}", "{parent_zh}{f_zh}专业委员会"),
    ),
}
# Kinds that hold positions or issue documents as bodies, not through a named person.
ISSUING_KINDS = (InstitutionKind.STATE_BODY, InstitutionKind.PARTY_BODY, InstitutionKind.LEGAL)
ISSUED_KINDS = {
    PublicationKind.POLICY_DOCUMENT,
    PublicationKind.LAW,
    PublicationKind.WHITE_PAPER,
    PublicationKind.PRESS_CONFERENCE,
}
PUBLICATION_KIND_WEIGHTS = {
    PublicationKind.JOURNAL_ARTICLE: 34,
    PublicationKind.NEWS_ARTICLE: 12,
    PublicationKind.COMMENTARY: 12,
    PublicationKind.REPORT: 8,
    PublicationKind.INTERVIEW: 5,
    PublicationKind.POLICY_DOCUMENT: 5,
    PublicationKind.SPEECH: 4,
    PublicationKind.BOOK: 3,
    PublicationKind.BOOK_CHAPTER: 3,
    PublicationKind.CONFERENCE_PAPER: 3,
    PublicationKind.WEB_PAGE: 3,
    PublicationKind.PRESS_CONFERENCE: 2,
    PublicationKind.LAW: 2,
    PublicationKind.WHITE_PAPER: 2,
    PublicationKind.OTHER: 1,
}
VENUE_KINDS_FOR = {
    PublicationKind.JOURNAL_ARTICLE: (VenueKind.JOURNAL,),
    PublicationKind.NEWS_ARTICLE: (VenueKind.NEWSPAPER, VenueKind.NEWS_AGENCY, VenueKind.WEBSITE),
    PublicationKind.COMMENTARY: (VenueKind.NEWSPAPER, VenueKind.WEBSITE),
    PublicationKind.INTERVIEW: (VenueKind.NEWSPAPER, VenueKind.WEBSITE, VenueKind.NEWS_AGENCY),
    PublicationKind.REPORT: (VenueKind.BOOK_SERIES,),
    PublicationKind.BOOK_CHAPTER: (VenueKind.BOOK_SERIES, VenueKind.PUBLISHER),
    PublicationKind.CONFERENCE_PAPER: (VenueKind.CONFERENCE,),
    PublicationKind.WEB_PAGE: (VenueKind.WEBSITE,),
}
VENUE_NAMES = {
    VenueKind.JOURNAL: (
        ("{f} Research", "{f_zh}研究"),
        ("Journal of {f}", "{f_zh}学报"),
        ("{p} Social Sciences", "{p_zh}社会科学"),
    ),
    VenueKind.NEWSPAPER: (("{p} Daily", "{p_zh}日报"), ("{p} Economic Herald", "{p_zh}经济导报")),
    VenueKind.NEWS_AGENCY: (("{p} News Service", "{p_zh}新闻社"),),
    VenueKind.WEBSITE: (("{f} Online", "{f_zh}网"), ("{p} Internet Portal", "{p_zh}网")),
    VenueKind.BOOK_SERIES: (("{f} Blue Book", "{f_zh}蓝皮书"),),
    VenueKind.CONFERENCE: (("{p} Forum on {f}", "{p_zh}{f_zh}论坛"),),
    VenueKind.PUBLISHER: (("{p} People's Publishing House", "{p_zh}人民出版社"),),
    VenueKind.OTHER: (("{f} Newsletter", "{f_zh}通讯"),),
}
VENUE_KIND_WEIGHTS = {
    VenueKind.JOURNAL: 40,
    VenueKind.NEWSPAPER: 15,
    VenueKind.WEBSITE: 15,
    VenueKind.NEWS_AGENCY: 5,
    VenueKind.BOOK_SERIES: 10,
    VenueKind.CONFERENCE: 8,
    VenueKind.PUBLISHER: 5,
    VenueKind.OTHER: 2,
}
ORIGIN_WEIGHTS = {Origin.MAINLAND: 84, Origin.HONG_KONG: 3, Origin.TAIWAN: 3, Origin.FOREIGN: 10}
PRECISION_WEIGHTS = {
    DatePrecision.DAY: 45,
    DatePrecision.MONTH: 30,
    DatePrecision.YEAR: 15,
    DatePrecision.UNKNOWN: 10,
}
STANCE_WEIGHTS = {Stance.SUPPORTS: 45, Stance.OPPOSES: 25, Stance.QUALIFIED: 30}
FIRST_YEAR, LAST_YEAR = 2005, 2024


@dataclass(frozen=True)
class Plan:
    """How many records one call adds; derived counts follow the requested ones."""

    experts: int
    publications: int
    positions: int

    @property
    def institutions(self) -> int:
        return self.experts // 10

    @property
    def venues(self) -> int:
        return self.publications // 100

    @property
    def footnotes(self) -> int:
        return round(self.positions * FOOTNOTES_PER_POSITION) if self.publications else 0

    @property
    def chapters(self) -> int:
        return math.ceil(self.footnotes / FOOTNOTES_PER_CHAPTER)

    @property
    def analyses(self) -> int:
        return math.ceil(self.chapters / CHAPTERS_PER_ANALYSIS)


def default_plan(
    positions: int, experts: int | None = None, publications: int | None = None
) -> Plan:
    """The proportions of a grown debate: ~40 positions per expert, ~4 per publication."""
    return Plan(
        experts=max(10, positions // 40) if experts is None else experts,
        publications=max(20, positions // 4) if publications is None else publications,
        positions=positions,
    )


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)

    def add(self, model: type[models.Model], n: int) -> None:
        self.created[model._meta.label] += n

    def __str__(self) -> str:
        return ", ".join(f"{n} {label}" for label, n in self.created.items() if n)


# --- Pools: what positions and publications can refer to ---------------------------------------


@dataclass
class Pools:
    institutions: list[Institution] = field(default_factory=list)
    experts: list[Expert] = field(default_factory=list)
    expert_weights: list[float] = field(default_factory=list)
    home: dict[int, tuple[Institution, str]] = field(default_factory=dict)
    venues: list[Venue] = field(default_factory=list)
    publications: list[tuple[int, str, str]] = field(default_factory=list)  # id, title, date
    # publication id -> (date, kind): what positions copy (Position.fill_derived_fields)
    sources: dict[int, tuple[datetime.date | None, str]] = field(default_factory=dict)
    # publication id -> (title, original title, transliteration): what positions are searched by
    titles: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    authors: dict[int, list[Expert]] = field(default_factory=lambda: defaultdict(list))
    by_author: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    questions: list[Question] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    footnotes: list[tuple[Footnote, list[int]]] = field(default_factory=list)

    def titled_source(self, publication_id: int) -> Publication:
        """A stand-in for a publication with only its titles, which a position is searched by
        (never saved; it spares a query per position)."""
        titles = dict(zip(TITLE_FIELDS, self.titles[publication_id], strict=True))
        return Publication(pk=publication_id, **titles)

    def of_kind(self, *kinds: str) -> list[Institution]:
        return [i for i in self.institutions if i.kind in kinds]

    def reweigh_experts(self) -> None:
        self.expert_weights = list(
            accumulate(1 / (rank + 1) ** SKEW for rank in range(len(self.experts)))
        )

    def pick_experts(self, rng: random.Random, n: int) -> list[Expert]:
        """``n`` distinct experts, prolific ones more often (fewer if the pool is smaller)."""
        picked: dict[int, Expert] = {}
        total = self.expert_weights[-1]
        for _ in range(n * 4):
            if len(picked) == min(n, len(self.experts)):
                break
            expert = self.experts[bisect(self.expert_weights, rng.random() * total)]
            picked.setdefault(expert.pk, expert)
        return list(picked.values())


def _load_pools() -> Pools:
    """The synthetic records already there (and shipped themes and tags), in creation order."""
    pools = Pools()
    pools.institutions = list(
        Institution.objects.filter(SYNTHETIC)
        .only("id", "slug", "name", "name_zh", "kind", "abbreviation", "parent", "location")
        .order_by("pk")
    )
    pools.experts = list(
        Expert.objects.filter(SYNTHETIC).only("id", "slug", "name", "name_zh").order_by("pk")
    )
    institutions = {i.pk: i for i in pools.institutions}
    for expert_id, institution_id, role in (
        Affiliation.objects.filter(expert__slug__startswith=PREFIX)
        .order_by("pk")
        .values_list("expert_id", "institution_id", "role")
    ):
        if institution_id in institutions:
            pools.home.setdefault(expert_id, (institutions[institution_id], role))
    pools.venues = list(Venue.objects.filter(SYNTHETIC).only("id", "name", "name_zh", "kind"))
    rows = (
        Publication.objects.filter(SYNTHETIC, analysis__isnull=True)
        .order_by("pk")
        .values_list("pk", "title", "date", "date_precision")
    )
    pools.publications = [
        (pk, title, format_partial_date(date, precision)) for pk, title, date, precision in rows
    ]
    for pk, date, kind, *titles in Publication.objects.filter(SYNTHETIC).values_list(
        "pk", "date", "kind", *TITLE_FIELDS
    ):
        pools.sources[pk] = (date, kind)
        pools.titles[pk] = tuple(titles)
    experts = {e.pk: e for e in pools.experts}
    for publication_id, expert_id in (
        Authorship.objects.filter(publication__slug__startswith=PREFIX)
        .order_by("publication_id", "order")
        .values_list("publication_id", "expert_id")
    ):
        if expert_id in experts:
            pools.authors[publication_id].append(experts[expert_id])
            pools.by_author[expert_id].append(publication_id)
    pools.reweigh_experts()
    return pools


# --- Helpers -------------------------------------------------------------------------------------


def _rng(seed: int, what: str, start: int) -> random.Random:
    # A string seed is hashed with SHA-512, so it is stable across processes (unlike hash()).
    return random.Random(f"{seed}:{what}:{start}")


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _stamp(index: int, minutes: int = 7) -> datetime.datetime:
    return EPOCH + datetime.timedelta(minutes=index * minutes)


def _partial_date(rng: random.Random) -> tuple[datetime.date | None, str]:
    """A date weighted to recent years, as precise as a source would give it."""
    precision = _weighted(rng, PRECISION_WEIGHTS)
    if precision == DatePrecision.UNKNOWN:
        return None, precision
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    year = rng.choices(years, weights=[1 + i for i in range(len(years))])[0]
    month = rng.randint(1, 12) if precision != DatePrecision.YEAR else 1
    day = rng.randint(1, 28) if precision == DatePrecision.DAY else 1
    return datetime.date(year, month, day), precision


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _slug(*words: object, index: int | None = None) -> str:
    """``syn-`` + the words, shortened; the generation index (if any) always survives."""
    body = slugify("-".join(str(w) for w in words if w not in (None, "")))[:80].rstrip("-")
    return f"{PREFIX}{body}" if index is None else f"{PREFIX}{body}-{index}"


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _bulk(model: type[models.Model], rows: list, batch_size: int, report: Report) -> list:
    created = model.objects.bulk_create(rows, batch_size=batch_size)
    report.add(model, len(created))
    return created


def _chunks(total: int, size: int = CHUNK) -> Iterable[range]:
    for first in range(0, total, size):
        yield range(first, min(first + size, total))


def _derive_search_text(obj: models.Model, **related: list[models.Model]) -> None:
    """Run the model's own ``refresh_search_text`` before the INSERT, related rows from memory.

    The method reads its many-valued relations (the keyword names) only once the instance has
    a primary key. A stand-in key and a filled prefetch cache let it run on the unsaved
    instance without a query, which spares an UPDATE of every row afterwards (and the table
    bloat that would skew the benchmark).
    """
    obj._prefetched_objects_cache = related
    obj.pk = -1
    try:
        obj.refresh_search_text()
    finally:
        obj.pk = None
        del obj._prefetched_objects_cache


def _short_name(expert: Expert) -> str:
    """How a summary refers to a person: the surname (first for Chinese names)."""
    words = expert.name.split()
    return words[0] if expert.name_zh else words[-1]


def _tag_rows(
    rng: random.Random, objects: Sequence[models.Model], tags: list[Tag], content_type, most: int
) -> list[TaggedItem]:
    rows = []
    for obj in objects:
        for tag in rng.sample(tags, rng.randint(0, most)):
            rows.append(TaggedItem(tag=tag, content_type=content_type, object_id=obj.pk))
    return rows


# --- Generation ----------------------------------------------------------------------------------


class Generator:
    """One call of :func:`generate`: adds each kind of record in dependency order."""

    def __init__(self, seed: int, batch_size: int, progress: bool):
        self.seed = seed
        self.batch_size = batch_size
        self.progress = progress
        self.report = Report()
        self.pools = _load_pools()

    def bar(self, total: int, desc: str) -> tqdm:
        return tqdm(total=total, desc=desc, unit=" rows", disable=not self.progress, leave=True)

    def rng(self, what: str, start: int) -> random.Random:
        return _rng(self.seed, what, start)

    # Themes, questions and tags: a fixed vocabulary, created once and reused.

    def ensure_themes(self) -> None:
        themes = list(Theme.objects.order_by("order", "pk"))
        if not themes:
            themes = [
                Theme(slug=_slug(name), name=name, name_zh=name_zh, description=text, order=n)
                for n, (name, name_zh, text) in enumerate(THEMES, start=1)
            ]
            themes = _bulk(Theme, themes, self.batch_size, self.report)
        existing = set(
            Question.objects.filter(SYNTHETIC).values_list("theme_id", "slug").order_by()
        )
        new = []
        for t, theme in enumerate(themes):
            for k in range(QUESTIONS_PER_THEME):
                key, text = QUESTION_TEMPLATES[(t + k) % len(QUESTION_TEMPLATES)]
                if (theme.pk, _slug(key)) not in existing:
                    topic = theme.name[:1].lower() + theme.name[1:]
                    new.append(
                        Question(
                            theme=theme,
                            slug=_slug(key),
                            text=text.format(t=topic),
                            description="A synthetic question for load testing.",
                            order=100 + k,
                        )
                    )
        _bulk(Question, new, self.batch_size, self.report)
        self.pools.themes = themes
        self.pools.questions = list(
            Question.objects.filter(SYNTHETIC).select_related("theme").order_by("theme_id", "order")
        )

    def ensure_tags(self) -> None:
        """Tags by name, reusing a shipped tag of the same name rather than duplicating it."""
        wanted = {name.lower() for name in TAG_NAMES}
        known = {t.name.lower(): t for t in Tag.objects.all() if t.name.lower() in wanted}
        missing = [
            Tag(name=name, slug=_slug(name)) for name in TAG_NAMES if name.lower() not in known
        ]
        for tag in _bulk(Tag, missing, self.batch_size, self.report):
            known[tag.name.lower()] = tag
        self.pools.tags = [known[name.lower()] for name in TAG_NAMES]

    def institutions(self, n: int) -> None:
        kinds = list(InstitutionKind)
        minimum = 0 if self.pools.institutions else 2 * len(kinds)
        n = max(n, minimum)
        if not n:
            return
        start = Institution.objects.filter(SYNTHETIC).count()
        rng = self.rng("institution", start)
        used = {i.name for i in self.pools.institutions}
        tops = {kind: [i for i in self.pools.of_kind(kind) if not i.parent_id] for kind in kinds}
        top_rows, child_rows = [], []
        for index in range(start, start + n):
            kind = kinds[index % len(kinds)]
            parents = tops[kind]
            parent = rng.choice(parents) if parents and rng.random() < 0.4 else None
            for _ in range(20):  # avoid duplicate names while fresh combinations remain
                name, name_zh, location = self._institution_name(rng, kind, parent)
                if name not in used:
                    break
            used.add(name)
            institution = Institution(
                slug=_slug(name, index=index),
                name=name,
                name_zh=name_zh,
                abbreviation="".join(w[0] for w in name.split() if w[0].isupper())[:8]
                if rng.random() < 0.3
                else "",
                kind=kind,
                parent=parent,
                location=location,
                description=f"A synthetic {InstitutionKind(kind).label} for load testing.",
                url=f"https://{_slug(name, index=index)[len(PREFIX) :][:50]}.example/",
                created_at=_stamp(index),
                updated_at=_stamp(index),
            )
            institution.refresh_search_text()
            (child_rows if parent else top_rows).append(institution)
            if not parent:
                tops[kind].append(institution)
        # Parents first: a child's parent may have been drawn in this very call.
        created = _bulk(Institution, top_rows, self.batch_size, self.report)
        created += _bulk(Institution, child_rows, self.batch_size, self.report)
        self.pools.institutions += sorted(created, key=lambda i: i.created_at)

    def _institution_name(
        self, rng: random.Random, kind: str, parent: Institution | None
    ) -> tuple[str, str, str]:
        """English name, Chinese name and location; units take their parent's name and place."""
        tops, unit = INSTITUTION_NAMES[kind]
        place, place_zh = rng.choice(PROVINCES + CITIES)
        europe = rng.choice(EUROPEAN_CITIES)
        (brand, brand_zh), (fld, fld_zh) = rng.choice(BRANDS), rng.choice(FIELDS)
        words = {
            "p": place,
            "p_zh": place_zh,
            "e": europe,
            "b": brand,
            "b_zh": brand_zh,
            "f": fld,
            "f_zh": fld_zh,
        }
        if parent is not None:
            words.update(parent=parent.name, parent_zh=parent.name_zh, b=parent.name.split()[0])
            return unit[0].format(**words), unit[1].format(**words), parent.location
        name, name_zh = rng.choice(tops)
        location = europe if kind == InstitutionKind.FOREIGN else place
        return name.format(**words), name_zh.format(**words), location

    def experts(self, n: int) -> None:
        if not n:
            return
        start = Expert.objects.filter(SYNTHETIC).count()
        rng = self.rng("expert", start)
        chinese_homes = [
            i for i in self.pools.institutions if i.kind != InstitutionKind.FOREIGN
        ] or self.pools.institutions
        foreign_homes = self.pools.of_kind(InstitutionKind.FOREIGN) or chinese_homes
        bar = self.bar(n, "experts")
        for chunk in _chunks(n):
            experts, aliases, affiliations = [], [], []
            for offset in chunk:
                index = start + offset
                expert, alias_names = self._expert(rng, index)
                homes = foreign_homes if expert.origin == Origin.FOREIGN else chinese_homes
                # Roles reach beyond the primary home for one in five experts.
                for home in rng.sample(homes, 2 if rng.random() < 0.2 else 1):
                    as_of, precision = _partial_date(rng)
                    affiliations.append(
                        Affiliation(
                            expert=expert,
                            institution=home,
                            role=rng.choice(ROLES),
                            as_of=as_of,
                            as_of_precision=precision,
                            is_former=rng.random() < 0.1,
                            created_at=_stamp(index),
                            updated_at=_stamp(index),
                        )
                    )
                expert.description = (
                    f"{_cap(affiliations[-1].role)} at {affiliations[-1].institution.name}."
                )
                expert.refresh_search_text(aliases=[name for name, _ in alias_names])
                experts.append(expert)
                aliases += [
                    ExpertAlias(expert=expert, name=name, note=note) for name, note in alias_names
                ]
            _bulk(Expert, experts, self.batch_size, self.report)
            _bulk(ExpertAlias, aliases, self.batch_size, self.report)
            _bulk(Affiliation, affiliations, self.batch_size, self.report)
            for affiliation in affiliations:
                self.pools.home.setdefault(
                    affiliation.expert_id, (affiliation.institution, affiliation.role)
                )
            self.pools.experts += experts
            bar.update(len(chunk))
        bar.close()
        self.pools.reweigh_experts()

    def _expert(self, rng: random.Random, index: int) -> tuple[Expert, list]:
        """An expert and the variant spellings to record as aliases (name, where it appears)."""
        origin = _weighted(rng, ORIGIN_WEIGHTS)
        stamp = _stamp(index)
        if origin == Origin.FOREIGN:
            name = f"{rng.choice(FOREIGN_FIRST)} {rng.choice(FOREIGN_LAST)}"
            expert = Expert(name=name, origin=origin, created_at=stamp, updated_at=stamp)
            expert.slug = _slug(name, index=index)
            expert.fill_derived_fields()
            return expert, []
        hanzi = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=1 if rng.random() < 0.3 else 2))
        if origin in (Origin.HONG_KONG, Origin.TAIWAN):
            hanzi = _s2t().convert(hanzi)
        expert = Expert(name_zh=hanzi, origin=origin, created_at=stamp, updated_at=stamp)
        expert.fill_derived_fields()  # pinyin with tones from the hanzi
        surname, *given = strip_tones(expert.pinyin).split()
        given_syllables = syllables(to_simplified(hanzi))[1:]
        if origin == Origin.MAINLAND:
            expert.name = " ".join(w.capitalize() for w in (surname, *given))
        else:  # Hong Kong and Taiwan print the given name hyphenated
            expert.name = f"{surname.capitalize()} {'-'.join(given_syllables).capitalize()}"
        expert.slug = _slug(expert.name, index=index)
        aliases = []
        if rng.random() < 0.15:
            first, last = expert.name.split(" ", 1)
            aliases.append(
                (f"{last} {first}", "Given name first, as an English-language source prints it.")
            )
        if rng.random() < 0.05 and len(given_syllables) == 2:
            hyphenated = f"{surname.capitalize()} {'-'.join(given_syllables).capitalize()}"
            if hyphenated != expert.name:
                aliases.append((hyphenated, "Hyphenated spelling in an older source."))
        return expert, aliases

    def venues(self, n: int) -> None:
        n = max(n, 0 if self.pools.venues else 8)
        start = Venue.objects.filter(SYNTHETIC).count()
        rng = self.rng("venue", start)
        media = self.pools.of_kind(InstitutionKind.MEDIA, InstitutionKind.ACADEMY)
        rows = []
        # The first eight of a fresh pool cover every venue kind once.
        for index in range(start, start + n):
            kind = list(VenueKind)[index] if index < len(VenueKind) else None
            kind = kind or _weighted(rng, VENUE_KIND_WEIGHTS)
            template, template_zh = rng.choice(VENUE_NAMES[kind])
            place, place_zh = rng.choice(PROVINCES + CITIES)
            fld, fld_zh = rng.choice(FIELDS)
            name = template.format(p=place, f=fld)
            rows.append(
                Venue(
                    slug=_slug(name, index=index),
                    name=name,
                    name_zh=template_zh.format(p_zh=place_zh, f_zh=fld_zh),
                    kind=kind,
                    publisher=rng.choice(media) if media and rng.random() < 0.4 else None,
                    url=f"https://{_slug(name, index=index)[len(PREFIX) :][:50]}.example/",
                    created_at=_stamp(index),
                    updated_at=_stamp(index),
                )
            )
        self.pools.venues += _bulk(Venue, rows, self.batch_size, self.report)

    def publications(self, n: int) -> None:
        if not n:
            return
        if not self.pools.experts:
            raise ValueError("Publications need experts: add some with experts=N.")
        start = Publication.objects.filter(SYNTHETIC).count()
        rng = self.rng("publication", start)
        by_kind = defaultdict(list)
        for venue in self.pools.venues:
            by_kind[venue.kind].append(venue)
        issuers = self.pools.of_kind(*ISSUING_KINDS) or self.pools.institutions
        content_type = ContentType.objects.get_for_model(Publication)
        bar = self.bar(n, "publications")
        for chunk in _chunks(n):
            publications, authorships = [], []
            for offset in chunk:
                index = start + offset
                kind = _weighted(rng, PUBLICATION_KIND_WEIGHTS)
                issued = kind in ISSUED_KINDS
                n_authors = rng.choices((0, 1, 2, 3, 4, 5), weights=(0, 50, 25, 14, 7, 4))[0]
                if issued and rng.random() < 0.7:
                    n_authors = 0
                authors = self.pools.pick_experts(rng, n_authors)
                publication = self._publication(rng, index, kind, authors, by_kind, issuers)
                publications.append(publication)
                rows = [
                    Authorship(publication=publication, expert=expert, order=order)
                    for order, expert in enumerate(authors, start=1)
                ]
                _derive_search_text(publication, authorships=rows)
                authorships += rows
            self._insert_publications(publications, authorships, rng, content_type)
            bar.update(len(chunk))
        bar.close()

    def _publication(self, rng, index, kind, authors, by_kind, issuers) -> Publication:
        (a, a_zh), (b, b_zh) = rng.sample(TOPICS, 2)
        pattern, pattern_zh = rng.choice(TITLE_PATTERNS)
        english = bool(authors) and not any(e.name_zh for e in authors) or rng.random() < 0.05
        date, precision = _partial_date(rng)
        venue_kinds = VENUE_KINDS_FOR.get(kind, ())
        venues = [v for k in venue_kinds for v in by_kind.get(k, ())]
        issuer = (
            rng.choice(issuers)
            if kind in ISSUED_KINDS or (kind == "report" and not authors)
            else None
        )
        title = _cap(pattern.format(a=a, b=b))
        title_zh = "" if english else pattern_zh.format(A=a_zh, B=b_zh)
        who = _short_name(authors[0]) if authors else (issuer.name.split()[0] if issuer else "anon")
        slug = _slug(who, date.year if date else "nd", a, index=index)
        url = ""
        if rng.random() < 0.75:
            url = f"https://{slug[len(PREFIX) :][:40]}.example/{index}.html"
        publication = Publication(
            slug=slug,
            kind=kind,
            title=title,
            title_original=title_zh,
            title_transliterated=" ".join(
                s for s in syllables(title_zh, tones=True) if any(c.isalnum() for c in s)
            )
            if title_zh and rng.random() < 0.1
            else "",
            language=Language.ENGLISH if english else Language.CHINESE,
            venue=rng.choice(venues) if venues and rng.random() < 0.9 else None,
            issuing_institution=issuer,
            publisher=rng.choice(PUBLISHERS) if kind == PublicationKind.BOOK else "",
            date=date,
            date_precision=precision,
            url=url,
            archive_url=f"https://web.archive.org/web/2019/{url}"
            if url and rng.random() < 0.2
            else "",
            note="On file with author." if not url and rng.random() < 0.1 else "",
            created_at=_stamp(index, minutes=2),
            updated_at=_stamp(index, minutes=2),
        )
        if kind == PublicationKind.JOURNAL_ARTICLE:
            publication.volume = str(rng.randint(1, 60))
            publication.issue = str(rng.randint(1, 12))
            first = rng.randint(1, 180)
            publication.pages = f"{first}–{first + rng.randint(4, 25)}"
        publication.fill_derived_fields()
        return publication

    def _insert_publications(self, publications, authorships, rng, content_type) -> None:
        _bulk(Publication, publications, self.batch_size, self.report)
        _bulk(Authorship, authorships, self.batch_size, self.report)
        self.pools.publications += [(p.pk, p.title, p.display_date) for p in publications]
        self.pools.sources.update((p.pk, (p.date, p.kind)) for p in publications)
        self.pools.titles.update(
            (p.pk, tuple(getattr(p, name) for name in TITLE_FIELDS)) for p in publications
        )
        for row in authorships:
            self.pools.authors[row.publication_id].append(row.expert)
            self.pools.by_author[row.expert_id].append(row.publication_id)
        tags = _tag_rows(rng, publications, self.pools.tags, content_type, most=3)
        _bulk(TaggedItem, tags, self.batch_size, self.report)

    def analyses(self, plan: Plan) -> None:
        """Issues of the analysis with chapters whose footnotes cite synthetic publications."""
        if not plan.analyses or not self.pools.publications:
            return
        analysts = self._analysts()
        start = Analysis.objects.filter(SYNTHETIC).count()
        rng = self.rng("analysis", start)
        issuers = self.pools.of_kind(InstitutionKind.FOREIGN)
        issues, analyses = [], []
        for index in range(start, start + plan.analyses):
            (topic, _), (other, _) = rng.sample(TOPICS, 2)
            title = f"{_cap(topic)} and {other} in the age of Xi"
            date = (EPOCH + datetime.timedelta(days=91 * index)).date()
            issue = Publication(
                slug=_slug("china-analysis", topic, index=index),
                kind=PublicationKind.REPORT,
                title=f"China Analysis: {title}",
                language=Language.ENGLISH,
                issuing_institution=rng.choice(issuers) if issuers else None,
                date=date,
                date_precision=DatePrecision.MONTH,
            )
            issue.fill_derived_fields()
            issue.refresh_search_text()
            issues.append(issue)
            analyses.append(
                Analysis(
                    slug=_slug("analysis", topic, index=index),
                    title=title,
                    series_number=f"SYN/{index + 1}",
                    date=date,
                    editor=rng.choice(analysts),
                    publisher=issue.issuing_institution,
                    about="A synthetic issue for load testing.",
                    publication=issue,
                )
            )
        _bulk(Publication, issues, self.batch_size, self.report)
        _bulk(Analysis, analyses, self.batch_size, self.report)
        self._chapters(rng, analyses, analysts, plan)

    def _analysts(self) -> list[Analyst]:
        existing = {a.slug: a for a in Analyst.objects.filter(SYNTHETIC)}
        missing = [
            Analyst(slug=_slug(name), name=name, bio="A synthetic analyst.")
            for name in ANALYST_NAMES
            if _slug(name) not in existing
        ]
        created = _bulk(Analyst, missing, self.batch_size, self.report)
        return sorted([*existing.values(), *created], key=lambda a: a.slug)

    def _chapters(self, rng, analyses, analysts, plan: Plan) -> None:
        per_chapter = math.ceil(plan.footnotes / plan.chapters)
        sizes = [min(per_chapter, plan.footnotes - c * per_chapter) for c in range(plan.chapters)]
        chapters, bylines = [], []
        for c, size in enumerate(sizes):
            analysis = analyses[c // CHAPTERS_PER_ANALYSIS]
            order = c % CHAPTERS_PER_ANALYSIS + 1
            topic, _ = rng.choice(TOPICS)
            chapter = Chapter(
                analysis=analysis,
                order=order,
                title=f"{_cap(topic)}: the debate in {rng.randint(FIRST_YEAR, LAST_YEAR)}",
                # Chapter slugs need only be unique per issue; these are unique overall.
                slug=f"{analysis.slug}-{order}",
                summary=f"How Chinese experts discuss {topic}.",
                footnote_count_in_source=size,
            )
            chapters.append(chapter)
            for k, analyst in enumerate(rng.sample(analysts, rng.randint(1, 2)), start=1):
                bylines.append(ChapterAnalyst(chapter=chapter, analyst=analyst, order=k))
        _bulk(Chapter, chapters, self.batch_size, self.report)
        _bulk(ChapterAnalyst, bylines, self.batch_size, self.report)
        self._footnotes(rng, chapters)

    def _footnotes(self, rng: random.Random, chapters: list[Chapter]) -> None:
        """Footnotes citing one to three synthetic publications each, as printed citations."""
        footnotes, citations, cited = [], [], []
        for chapter in chapters:
            for number in range(1, chapter.footnote_count_in_source + 1):
                n_works = rng.choices((1, 2, 3), weights=(70, 20, 10))[0]
                works = rng.sample(
                    self.pools.publications, min(n_works, len(self.pools.publications))
                )
                footnote = Footnote(
                    chapter=chapter,
                    number=number,
                    text="; ".join(f"“{title}”, {date}" for _, title, date in works) + ".",
                )
                footnotes.append(footnote)
                cited.append([pk for pk, _, _ in works])
                citations += [
                    Citation(footnote=footnote, publication_id=pk, order=order)
                    for order, (pk, _, _) in enumerate(works, start=1)
                ]
        _bulk(Footnote, footnotes, self.batch_size, self.report)
        _bulk(Citation, citations, self.batch_size, self.report)
        self.pools.footnotes = list(zip(footnotes, cited, strict=True))

    def positions(self, n: int) -> None:
        if not n:
            return
        if not (self.pools.experts and self.pools.publications):
            raise ValueError("Positions need experts and publications: add some first.")
        start = Position.objects.filter(SYNTHETIC).count()
        rng = self.rng("position", start)
        content_type = ContentType.objects.get_for_model(Position)
        through = Position.themes.through
        bar = self.bar(n, "positions")
        for chunk in _chunks(n):
            positions, holders, links = [], [], []
            for offset in chunk:
                index = start + offset
                position, position_holders, themes = self._position(rng, index)
                position.source = self.pools.titled_source(position.source_id)
                # Themes in their Meta ordering, as the model reads them from the database.
                ordered_themes = sorted(themes, key=lambda theme: (theme.order, theme.name))
                _derive_search_text(
                    position, holders=position_holders, themes=ordered_themes, glossary_terms=[]
                )
                positions.append(position)
                holders += position_holders
                links += [(position, theme) for theme in themes]
            _bulk(Position, positions, self.batch_size, self.report)
            _bulk(PositionHolder, holders, self.batch_size, self.report)
            rows = [through(position_id=p.pk, theme_id=t.pk) for p, t in links]
            _bulk(through, rows, self.batch_size, self.report)
            tags = _tag_rows(rng, positions, self.pools.tags, content_type, most=3)
            _bulk(TaggedItem, tags, self.batch_size, self.report)
            bar.update(len(chunk))
        bar.close()

    def _position(self, rng: random.Random, index: int):
        pools = self.pools
        footnote = None
        if pools.footnotes and rng.random() < 0.25:
            footnote, cited = rng.choice(pools.footnotes)
            source_id = rng.choice(cited)
            experts = pools.authors.get(source_id) or pools.pick_experts(rng, 1)
        else:
            experts = pools.pick_experts(rng, 1)
            own = pools.by_author.get(experts[0].pk)
            source_id = (
                rng.choice(own) if own and rng.random() < 0.8 else rng.choice(pools.publications)[0]
            )
        n_holders = rng.choices((1, 2, 3), weights=(60, 28, 12))[0]
        experts = experts[:n_holders]
        if len(experts) < n_holders:
            experts += [e for e in pools.pick_experts(rng, n_holders) if e not in experts][
                : n_holders - len(experts)
            ]
        holders = []
        for order, expert in enumerate(experts, start=1):
            home, role = pools.home.get(expert.pk, (None, ""))
            holders.append(PositionHolder(order=order, expert=expert, institution=home, role=role))
        body = rng.random()
        if body < 0.08:  # a body holds the position itself, e.g. a ministry's white paper
            institution = rng.choice(pools.of_kind(*ISSUING_KINDS) or pools.institutions)
            holders = [PositionHolder(order=1, institution=institution)]
            who = institution.name
        elif body < 0.11:
            institution = holders[0].institution or rng.choice(pools.institutions)
            holders = [
                PositionHolder(
                    order=1, institution=institution, group_label="participants in a symposium"
                )
            ]
            who = "Symposium participants"
        else:
            who = _short_name(experts[0])
            if len(experts) > 1:
                who += f" and {_short_name(experts[1])}" if len(experts) == 2 else " and co-authors"
        topic, topic_zh = rng.choice(TOPICS)
        question = rng.choice(pools.questions) if rng.random() < 0.75 else None
        themes = [question.theme] if question else [rng.choice(pools.themes)]
        if rng.random() < 0.2:
            other = rng.choice(pools.themes)
            if other not in themes:
                themes.append(other)
        plural = len(holders) > 1 or holders[0].group_label
        summary = rng.choice(SUMMARIES).format(
            who=who,
            claim=rng.choice(CLAIMS).format(t=topic),
            remedy=rng.choice(REMEDIES),
            **{verb: verb[:-1] if plural else verb for verb in VERBS},
        )
        quote_zh = quote_en = ""
        if rng.random() < 0.25:
            zh, en = rng.choice(QUOTES)
            quote_zh, quote_en = zh.format(A=topic_zh), _cap(en.format(a=topic))
        reading = rng.random() < 0.3
        stamp = _stamp(index)
        source_date, source_kind = pools.sources.get(source_id, (None, ""))
        position = Position(
            slug=_slug(who, topic, index=index),
            question=question,
            stance=_weighted(rng, STANCE_WEIGHTS) if question else "",
            summary=summary,
            quote_zh=quote_zh,
            quote_en=quote_en,
            source_id=source_id,
            source_date=source_date,
            source_kind=source_kind,
            source_year=source_date.year if source_date else None,
            chapter_id=footnote.chapter_id if footnote else None,
            pinpoint=f"p. {rng.randint(1, 240)}" if rng.random() < 0.4 else "",
            footnote=footnote,
            is_analyst_reading=reading,
            reading_note=f"Stance as read by {rng.choice(ANALYST_NAMES)}." if reading else "",
            created_at=stamp,
            updated_at=stamp,
        )
        for holder in holders:
            holder.position = position
        return position, holders, themes


def generate(
    plan: Plan, *, seed: int = 0, batch_size: int = 1000, progress: bool = False
) -> Report:
    """Add ``plan``'s records to whatever synthetic data is there, in one transaction."""
    with transaction.atomic():
        generator = Generator(seed, batch_size, progress)
        generator.ensure_themes()
        generator.ensure_tags()
        generator.institutions(plan.institutions if plan.experts else 0)
        generator.experts(plan.experts)
        if plan.publications:
            generator.venues(plan.venues)
        generator.publications(plan.publications)
        generator.analyses(plan)
        generator.positions(plan.positions)
        DataVersion.bump()  # bulk_create sends no signals
    return generator.report


# --- Clearing ------------------------------------------------------------------------------------


def _synthetic(model: type[models.Model], path: str = "") -> models.QuerySet:
    lookup = f"{path}__slug__startswith" if path else "slug__startswith"
    return model._base_manager.filter(**{lookup: PREFIX})


def _tagged(model: type[models.Model]) -> models.QuerySet:
    return TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=_synthetic(model).values("pk"),
    )


def clear_steps() -> list[tuple[str, Callable[[], models.QuerySet]]]:
    """What clear() deletes, children before parents; each step one bulk DELETE."""
    return [
        ("position tags", lambda: _tagged(Position)),
        ("publication tags", lambda: _tagged(Publication)),
        ("position themes", lambda: _synthetic(Position.themes.through, "position")),
        ("glossary links", lambda: _synthetic(GlossaryTerm.positions.through, "position")),
        ("position holders", lambda: _synthetic(PositionHolder, "position")),
        ("positions", lambda: _synthetic(Position)),
        ("citations", lambda: _synthetic(Citation, "footnote__chapter")),
        ("footnotes", lambda: _synthetic(Footnote, "chapter")),
        ("paragraphs", lambda: _synthetic(Paragraph, "chapter")),
        ("chapter bylines", lambda: _synthetic(ChapterAnalyst, "chapter")),
        ("chapters", lambda: _synthetic(Chapter)),
        ("analyses", lambda: _synthetic(Analysis)),
        ("analysts", lambda: _synthetic(Analyst)),
        ("authorships", lambda: _synthetic(Authorship, "publication")),
        ("affiliations", lambda: _synthetic(Affiliation, "expert")),
        ("publications", lambda: _synthetic(Publication)),
        ("venues", lambda: _synthetic(Venue)),
        ("aliases", lambda: _synthetic(ExpertAlias, "expert")),
        ("experts", lambda: _synthetic(Expert)),
        ("institution units", lambda: _synthetic(Institution).filter(parent__isnull=False)),
        ("institutions", lambda: _synthetic(Institution)),
        ("questions", lambda: _synthetic(Question)),
        ("themes", lambda: _synthetic(Theme)),
        # A synthetic tag a researcher has since put on a real record stays.
        ("tags", lambda: _synthetic(Tag).filter(taggit_taggeditem_items__isnull=True)),
    ]


def clear(progress: bool = False) -> Counter:
    """Delete every synthetic record and nothing else, in bulk, in one transaction.

    ``QuerySet._raw_delete`` runs one DELETE per step without loading rows or sending
    per-row signals: Django's ``delete()`` would fetch each row and have simple-history write
    a history record per deleted row, which is what made clearing 200k positions slow.
    Dependants are deleted explicitly, in dependency order, so nothing relies on cascades.
    """
    deleted: Counter = Counter()
    steps = clear_steps()
    with transaction.atomic():
        for label, queryset in tqdm(steps, desc="clearing", disable=not progress):
            qs = queryset()
            deleted[label] = qs._raw_delete(qs.db)
        DataVersion.bump()
    return deleted


def synthetic_counts() -> dict[str, int]:
    """How many synthetic records of each main kind the database holds."""
    return {
        "institutions": _synthetic(Institution).count(),
        "experts": _synthetic(Expert).count(),
        "publications": _synthetic(Publication).count(),
        "positions": _synthetic(Position).count(),
        "footnotes": _synthetic(Footnote, "chapter").count(),
    }
