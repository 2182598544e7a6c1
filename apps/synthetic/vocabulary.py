"""The words synthetic records are made of: names, places, titles, claims, and the weights
with which kinds, stances and precisions are drawn."""

from __future__ import annotations

from apps.core.models import DatePrecision
from apps.debate.models import Stance
from apps.people.models import (
    InstitutionKind,
    Origin,
)
from apps.sources.models import PublicationKind, VenueKind


def pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``"Beijing=北京; Shanghai=上海"`` -> ``(("Beijing", "北京"), ("Shanghai", "上海"))``."""
    return tuple(tuple(item.strip().split("=")) for item in text.split(";") if item.strip())


def items(text: str) -> tuple[str, ...]:
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
FOREIGN_FIRST = items(
    "Anna; Thomas; Claire; Martin; Sophie; Lukas; Elena; Pierre; Katarina; James; Maria; Jan; "
    "Laura; Marco; Eva; Henrik; Ingrid; Pablo; Agnieszka; Tomas"
)
FOREIGN_LAST = items(
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
PROVINCES = pairs(
    "Beijing=北京; Shanghai=上海; Tianjin=天津; Chongqing=重庆; Guangdong=广东; Zhejiang=浙江; Jiangsu=江苏; "
    "Sichuan=四川; Hubei=湖北; Shandong=山东; Fujian=福建; Henan=河南; Hunan=湖南; Anhui=安徽; Shaanxi=陕西; "
    "Guizhou=贵州; Yunnan=云南; Liaoning=辽宁; Jilin=吉林; Hebei=河北; Jiangxi=江西; Guangxi=广西; Hainan=海南"
)
CITIES = pairs(
    "Shenzhen=深圳; Hangzhou=杭州; Wuhan=武汉; Nanjing=南京; Xi'an=西安; Chengdu=成都; Guangzhou=广州; "
    "Xiamen=厦门; Suzhou=苏州; Hefei=合肥; Changsha=长沙; Qingdao=青岛; Dalian=大连; Harbin=哈尔滨; Kunming=昆明; "
    "Guiyang=贵阳; Ningbo=宁波; Zhengzhou=郑州; Jinan=济南; Shenyang=沈阳"
)
EUROPEAN_CITIES = items(
    "Berlin; Paris; Rome; Warsaw; Stockholm; Madrid; Vienna; Prague; Brussels; Lisbon"
)
BRANDS = pairs(
    "Huaxin=华信; Zhiyun=智云; Tianyu=天宇; Xinhai=鑫海; Lingfeng=领峰; Ruichuang=睿创; Hongtu=宏图; "
    "Jiuzhou=九州; Shuzhi=数智; Yunfan=云帆"
)
FIELDS = pairs(
    "Digital Economy=数字经济; Cyberspace Governance=网络空间治理; Artificial Intelligence=人工智能; "
    "Information Security=信息安全; Public Opinion=舆情; Science and Technology Policy=科技政策; "
    "Social Credit=社会信用; Big Data=大数据; Internet Law=互联网法; Innovation=创新; "
    "Industrial Economics=产业经济; International Relations=国际关系; Journalism and Communication=新闻传播; "
    "Intellectual Property=知识产权; Public Administration=公共管理; Information Technology=信息技术"
)
TOPICS = pairs(
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
TAG_NAMES = items(
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
ROLES = items(
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
PUBLISHERS = items(
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
