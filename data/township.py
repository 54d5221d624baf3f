"""The fictional demo township 青石镇 (Qingshi): villages, units, staff and generated petitions.

Pure Python (no Odoo import): every function returns plain dicts and lists, and the same seed
always gives the same output. ``data/load_township.py`` loads it into a database; benchmarks use
``petitions()`` to generate 100k-1M rows.

Everything here is invented. Resident ID numbers are *valid* (real division codes of 桐庐县 and
its neighbours in 杭州市, real birth dates, correct check digit) but randomly drawn.

Usage:
    python data/township.py --logins            one demo login per role: login, name, role
    python data/township.py --csv N FILE        N petitions of the current year as CSV
"""

import argparse
import csv
import random
import sys
from bisect import bisect_right
from datetime import date, timedelta
from itertools import accumulate

SEED = 2026
TOWNSHIP = "青石镇"
TOWNSHIP_POPULATION = 40_000
GROUP = "xinfang_petition.group_xinfang_"


class _Rng(random.Random):
    """random.Random with cheaper draws for the petition generator (deterministic for a seed)."""

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def pick(self, keys, cum):
        """A key drawn with cumulative weights ``cum`` (as choices(keys, cum_weights=cum)[0])."""
        return keys[bisect_right(cum, self.random() * cum[-1])]


# ---------------------------------------------------------------------------------------------
# Names: surnames and given-name characters with their pinyin (readings as used in names)
# ---------------------------------------------------------------------------------------------
SURNAMES = [  # (surname, pinyin, weight) — frequent surnames of western Zhejiang
    ("王", "wang", 9), ("陈", "chen", 8), ("张", "zhang", 7), ("李", "li", 6), ("吴", "wu", 6),
    ("徐", "xu", 5), ("周", "zhou", 5), ("杨", "yang", 4), ("方", "fang", 4), ("叶", "ye", 4),
    ("胡", "hu", 4), ("何", "he", 3), ("金", "jin", 3), ("俞", "yu", 3), ("章", "zhang", 3),
    ("蒋", "jiang", 3), ("钟", "zhong", 2), ("应", "ying", 2), ("汪", "wang", 2), ("刘", "liu", 3),
    ("黄", "huang", 3), ("赵", "zhao", 2), ("朱", "zhu", 3), ("孙", "sun", 2), ("郑", "zheng", 2),
    ("林", "lin", 2), ("洪", "hong", 2), ("邵", "shao", 2), ("申屠", "shentu", 1), ("袁", "yuan", 1),
    ("姚", "yao", 1), ("潘", "pan", 1), ("许", "xu", 2), ("程", "cheng", 1), ("童", "tong", 1),
    ("严", "yan", 1), ("倪", "ni", 1), ("盛", "sheng", 1), ("毛", "mao", 1), ("裘", "qiu", 1),
]
MALE_CHARS = [
    ("建", "jian"), ("国", "guo"), ("华", "hua"), ("明", "ming"), ("伟", "wei"), ("军", "jun"),
    ("林", "lin"), ("强", "qiang"), ("平", "ping"), ("勇", "yong"), ("志", "zhi"), ("文", "wen"),
    ("海", "hai"), ("春", "chun"), ("荣", "rong"), ("忠", "zhong"), ("德", "de"), ("福", "fu"),
    ("根", "gen"), ("水", "shui"), ("生", "sheng"), ("金", "jin"), ("良", "liang"), ("新", "xin"),
    ("斌", "bin"), ("杰", "jie"), ("涛", "tao"), ("辉", "hui"), ("磊", "lei"), ("鹏", "peng"),
    ("浩", "hao"), ("东", "dong"), ("宇", "yu"), ("峰", "feng"), ("刚", "gang"), ("庆", "qing"),
    ("祥", "xiang"), ("宝", "bao"), ("成", "cheng"), ("永", "yong"), ("仁", "ren"), ("兴", "xing"),
]
FEMALE_CHARS = [
    ("美", "mei"), ("芳", "fang"), ("英", "ying"), ("兰", "lan"), ("秀", "xiu"), ("珍", "zhen"),
    ("丽", "li"), ("娟", "juan"), ("红", "hong"), ("霞", "xia"), ("萍", "ping"), ("燕", "yan"),
    ("玲", "ling"), ("琴", "qin"), ("梅", "mei"), ("凤", "feng"), ("月", "yue"), ("云", "yun"),
    ("菊", "ju"), ("莲", "lian"), ("敏", "min"), ("静", "jing"), ("婷", "ting"), ("慧", "hui"),
    ("丹", "dan"), ("洁", "jie"), ("雪", "xue"), ("颖", "ying"), ("倩", "qian"), ("春", "chun"),
    ("玉", "yu"), ("素", "su"), ("彩", "cai"), ("琳", "lin"),
]
_SURNAME_NAMES = [s[:2] for s in SURNAMES]
_SURNAME_CUM = list(accumulate(weight for _s, _p, weight in SURNAMES))


def _person_name(rng, male):
    """(Chinese name, pinyin) of a random person of the given sex."""
    surname, surname_py = _SURNAME_NAMES[bisect_right(_SURNAME_CUM, rng.random() * _SURNAME_CUM[-1])]
    chars = MALE_CHARS if male else FEMALE_CHARS
    if rng.random() < 0.25:
        given = [rng.choice(chars)]
    else:
        given = [rng.choice(chars), rng.choice(chars)]
        if given[0] == given[1] and rng.random() < 0.7:  # 叠字 names exist, but are rarer
            given[1] = rng.choice(chars)
    return surname + "".join(c for c, _p in given), surname_py + "".join(p for _c, p in given)


# ---------------------------------------------------------------------------------------------
# Villages and units
# ---------------------------------------------------------------------------------------------
VILLAGE_NAMES = [  # (code, name); the first is the demo mediator's village
    ("donggang", "东岗村"), ("xiling", "西岭村"), ("nanxi", "南溪村"), ("beitang", "北塘村"),
    ("shiqiao", "石桥村"), ("liuwan", "柳湾村"), ("taoyuan", "桃源村"), ("yangjia", "杨家村"),
    ("shangwu", "上坞村"), ("xiawu", "下坞村"), ("fenglin", "枫林村"), ("zhuyuan", "竹园村"),
    ("daping", "大坪村"), ("huangniling", "黄泥岭村"), ("shuangtang", "双塘村"), ("baisha", "白沙村"),
    ("meiling", "梅岭村"), ("hehuatang", "荷花塘村"), ("xinfeng", "新丰村"), ("qingshi", "青石社区"),
]
VILLAGE_PARENT = "村（社区）委员会"


def villages():
    """About 20 village committees (the seat is a 社区), 800-4,000 residents each, ~40,000 in all."""
    rng = random.Random(SEED)
    raw = [rng.randint(900, 3600) for _v in VILLAGE_NAMES]
    raw[-1] = 3900  # the township seat community is the largest
    scale = TOWNSHIP_POPULATION / sum(raw)
    result = []
    for (code, name), value in zip(VILLAGE_NAMES, raw, strict=True):
        population = min(4000, max(800, int(round(value * scale, -1))))
        result.append({"code": code, "name": name, "population": population,
                       "community": name.endswith("社区")})
    return result


# Top-level category codes (xinfang_petition/data/xinfang_category_data.xml) -> default lead unit.
UNITS = [
    # (code, name, head's title, top-level categories this unit leads by default)
    ("dzb", "党政办公室", "党政办主任", ["OTH"]),
    ("xfb", "信访办公室", "信访办主任", []),
    ("zzzx", "综治中心", "综治中心主任", ["LAW"]),
    ("jw", "纪委（纪检监察办）", "纪委书记", ["DIS"]),
    ("zrzy", "自然资源所", "自然资源所所长", ["LAND"]),
    ("nyb", "农业农村办", "农业农村办主任", ["RUR"]),
    ("shsw", "社会事务办", "社会事务办主任", ["LAB", "CIV", "HEA", "EDU"]),
    ("cjb", "城建办", "城建办主任", ["CONS", "ENV"]),
    ("czs", "财政所", "财政所所长", []),
    ("sfs", "司法所", "司法所所长", []),
]


# Units of type discipline (纪检监察): accusations (检举控告) go there, never to the accused unit.
DISCIPLINE_UNITS = {"jw"}


def units():
    """The 10 township units (hr.department of type office, the 纪委 of type discipline) and the
    categories they lead."""
    return [{"code": code, "name": name, "head_title": title, "categories": list(categories),
             "unit_type": "discipline" if code in DISCIPLINE_UNITS else "office"}
            for code, name, title, categories in UNITS]


def category_units():
    """Top-level category code -> code of its default lead unit (谁主管谁负责)."""
    return {category: code for code, _n, _t, categories in UNITS for category in categories}


# ---------------------------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------------------------
ROLE_GROUPS = {
    "principal_leader": ["leader"],
    "deputy_leader": ["leader"],
    "office_director": ["director"],
    "office_deputy": ["staff"],
    "staff": ["staff"],
    "handler": ["handler"],
    "mediator": ["mediator"],
    "informant": ["mediator"],
}
# (unit, xinfang role, job title, fixed login or None, extra groups, is unit head, male)
STAFF_SPEC = [
    ("dzb", "principal_leader", "党委书记", "leader", [], False, True),
    ("dzb", "principal_leader", "镇长", None, [], False, True),
    ("dzb", "deputy_leader", "党委副书记（分管信访）", "deputy", [], False, False),
    ("dzb", "deputy_leader", "副镇长", None, [], False, True),
    ("dzb", "deputy_leader", "副镇长", None, [], False, False),
    ("dzb", "handler", "党政办主任", None, [], True, True),
    ("dzb", "handler", "党政办科员", None, [], False, False),
    ("xfb", "office_director", "信访办主任", "director", [], True, True),
    ("xfb", "office_deputy", "信访办常务副主任", None, [], False, False),
    ("xfb", "staff", "信访干事", "staff", [], False, False),
    ("xfb", "staff", "信访干事", None, [], False, True),
    ("dzb", "handler", "党政办科员", None, [], False, False),
    ("zzzx", "handler", "综治中心主任", None, [], True, True),
    ("zzzx", "handler", "综治专干", None, [], False, True),
    ("zzzx", "handler", "人民调解员", None, [], False, False),
    ("jw", "handler", "纪委书记", None, ["confidential"], True, True),
    ("jw", "handler", "纪检监察干部", "jijian", ["confidential"], False, False),
    ("zrzy", "handler", "自然资源所所长", None, [], True, True),
    ("zrzy", "handler", "国土专管员", "handler", [], False, True),
    ("zrzy", "handler", "规划专管员", None, [], False, False),
    ("nyb", "handler", "农业农村办主任", None, [], True, True),
    ("nyb", "handler", "农经员", None, [], False, False),
    ("nyb", "handler", "农技员", None, [], False, True),
    ("shsw", "handler", "社会事务办主任", None, [], True, False),
    ("shsw", "handler", "民政专干", None, [], False, False),
    ("shsw", "handler", "劳动保障专干", None, [], False, True),
    ("cjb", "handler", "城建办主任", None, [], True, True),
    ("cjb", "handler", "村镇建设专管员", None, [], False, True),
    ("czs", "handler", "财政所所长", None, [], True, False),
    ("czs", None, "会计", "finance", ["finance"], False, False),
    ("sfs", "handler", "司法所所长", None, [], True, True),
    ("sfs", "handler", "司法助理员", None, [], False, False),
]
# Demo personas the browser tours and the login page rely on: login -> label printed by --logins
DEMO_LOGINS = ["leader", "deputy", "director", "staff", "handler", "mediator", "finance", "jijian"]


def staff():
    """Every person on the township's petition roster.

    Each: login (pinyin, ascii), name, unit (unit code, None for village people), village (code,
    mediators and informants only), role (xinfang_role or None), job_title, groups (xmlids),
    is_head (the unit's manager), has_user (whether the person gets a user account).
    """
    rng = random.Random(SEED)
    seen_names, seen_logins = set(), set(DEMO_LOGINS)
    people = []

    def add(unit, role, title, login, extra, is_head, male, village=None, has_user=True):
        name, name_py = _person_name(rng, male)
        while name in seen_names:
            name, name_py = _person_name(rng, male)
        seen_names.add(name)
        if not login:
            login, suffix = name_py, 2
            while login in seen_logins:
                login, suffix = f"{name_py}{suffix}", suffix + 1
        seen_logins.add(login)
        groups = [GROUP + g for g in ROLE_GROUPS.get(role, []) + extra]
        people.append({
            "login": login, "name": name, "unit": unit, "village": village, "role": role,
            "job_title": title, "groups": groups, "is_head": is_head, "has_user": has_user,
        })

    for unit, role, title, login, extra, is_head, male in STAFF_SPEC:
        add(unit, role, title, login, extra, is_head, male)
    for index, village in enumerate(villages()):
        add(None, "mediator", "信访调处员", "mediator" if index == 0 else None, [], False, rng.random() < 0.6,
            village=village["code"])
        add(None, "informant", "信访信息员", None, [], False, rng.random() < 0.5,
            village=village["code"], has_user=False)
    return people


def demo_logins():
    """[(login, name, role label)] for the demo personas, in DEMO_LOGINS order."""
    by_login = {p["login"]: p for p in staff()}
    labels = {"finance": "finance", "jijian": "confidential"}
    return [(login, by_login[login]["name"], labels.get(login) or by_login[login]["role"]) for login in DEMO_LOGINS]


# ---------------------------------------------------------------------------------------------
# Resident ID numbers (GB 11643): division code, birth date, sequence (odd = male), check digit
# ---------------------------------------------------------------------------------------------
LOCAL_DIVISION = "330122"  # 桐庐县, 杭州市: where the fictional township lies
OTHER_DIVISIONS = ["330127", "330182", "330183", "330106"]  # 淳安县, 建德市, 富阳市, 西湖区
BIRTH_FIRST, BIRTH_LAST = date(1945, 1, 1), date(2000, 12, 31)
BIRTH_DAYS = (BIRTH_LAST - BIRTH_FIRST).days + 1


_BIRTH_TEXT = []


def _birth_text(day):
    """YYYYMMDD of BIRTH_FIRST + day (strftime is the slowest part of drawing an ID number)."""
    if not _BIRTH_TEXT:
        _BIRTH_TEXT.extend(f"{BIRTH_FIRST + timedelta(days=i):%Y%m%d}" for i in range(BIRTH_DAYS))
    return _BIRTH_TEXT[day]


def check_digit(first17):
    """The GB 11643 check digit of the first 17 digits (as stdnum.cn.ric.calc_check_digit)."""
    checksum = (1 - 2 * int(first17, 13)) % 11
    return "X" if checksum == 10 else str(checksum)


def _next_prime(n):
    def is_prime(k):
        if k < 2 or k % 2 == 0:
            return k == 2
        return all(k % d for d in range(3, int(k**0.5) + 1, 2))

    while not is_prime(n):
        n += 1
    return n


class _IdPool:
    """Distinct ID numbers drawn without repetition: a seeded affine permutation of the number space.

    Index ``s`` of the space decodes to (division, birth day, sequence 001-999); cycle walking keeps
    the permutation inside the space, so the k-th person of a pool never collides with another.
    """

    def __init__(self, divisions, rng):
        self.divisions = divisions
        self.size = len(divisions) * BIRTH_DAYS * 999
        self.prime = _next_prime(self.size)
        self.a = rng.randrange(1, self.prime)
        self.b = rng.randrange(self.prime)
        self.count = 0

    def draw(self):
        """(id number, birth date, male) of the next person."""
        s = self.count
        self.count += 1
        s = (self.a * s + self.b) % self.prime
        while s >= self.size:
            s = (self.a * s + self.b) % self.prime
        s, seq = divmod(s, 999)
        division, day = divmod(s, BIRTH_DAYS)
        birth = BIRTH_FIRST + timedelta(days=day)
        first17 = f"{self.divisions[division]}{_birth_text(day)}{seq + 1:03d}"
        return first17 + check_digit(first17), birth, (seq + 1) % 2 == 1


# ---------------------------------------------------------------------------------------------
# Petitions
# ---------------------------------------------------------------------------------------------
CHANNELS = [("visit", 34), ("hotline", 28), ("online", 14), ("phone", 10), ("letter", 8), ("mailbox", 5),
            ("fax", 1)]
# (code, weight as appeal, subjects); leaf codes of xinfang_category_data.xml
CATEGORIES = {
    "LAND-01": (9, ["反映{v}土地承包经营权纠纷", "要求调整{v}承包地", "反映承包地被他人占用"]),
    "LAND-02": (8, ["反映{v}征地补偿款未足额发放", "对征地补偿标准有异议", "要求兑现被征地农民社保"]),
    "LAND-03": (7, ["反映{v}宅基地审批问题", "反映邻居违规占用宅基地", "要求办理宅基地使用权登记"]),
    "CONS-01": (4, ["反映房屋拆迁安置不到位", "对拆迁补偿评估结果有异议"]),
    "CONS-02": (2, ["反映安置房漏水等质量问题", "反映自建房受相邻工程影响开裂"]),
    "CONS-03": (2, ["反映青石社区小区物业服务差", "反映物业费收取不规范"]),
    "LAB-01": (8, ["反映工程款及农民工工资被拖欠", "讨要{v}厂房建设务工工资", "反映企业拖欠工资"]),
    "LAB-02": (3, ["反映社会保险断缴问题", "要求补缴养老保险"]),
    "LAB-03": (2, ["要求认定工伤并赔偿", "反映工伤待遇未落实"]),
    "RUR-01": (5, ["要求公开{v}村务财务", "反映{v}账目不清"]),
    "RUR-02": (4, ["反映耕地地力保护补贴未发放", "反映种粮补贴发放不公"]),
    "RUR-03": (3, ["反映{v}集体资产处置不公", "反映{v}山林承包费分配问题"]),
    "CIV-01": (5, ["申请低保未获批准", "反映低保评定不公平", "要求落实残疾人补贴"]),
    "CIV-02": (2, ["退役军人要求落实优抚待遇", "要求解决退役士兵安置问题"]),
    "CIV-03": (7, ["反映与邻居通行纠纷", "反映邻里排水纠纷", "反映相邻建房采光纠纷"]),
    "HEA-01": (1, ["反映医疗纠纷", "对卫生院诊疗结果有异议"]),
    "HEA-02": (2, ["反映医保报销比例问题", "反映大病救助未落实"]),
    "EDU-01": (2, ["反映子女入学问题", "反映校车接送安全问题"]),
    "EDU-02": (1, ["反映原民办教师待遇问题"]),
    "LAW-01": (2, ["反映{v}治安问题", "反映赌博等违法行为"]),
    "LAW-02": (2, ["对法院判决不服", "要求执行已生效判决"]),
    "DIS-01": (0, []),
    "DIS-02": (0, []),
    "ENV-01": (3, ["反映{v}养殖场污染", "反映企业噪声扰民", "反映河道污染"]),
    "ENV-02": (2, ["反映{v}垃圾清运不及时", "反映公厕管理问题"]),
    "OTH": (2, ["其他问题咨询", "反映道路损坏问题"]),
}
ACCUSATION_SUBJECTS = {
    "DIS-01": (5, ["检举{v}村干部优亲厚友", "检举村干部在低保评定中违规", "控告村干部作风粗暴"]),
    "DIS-02": (4, ["控告{v}村干部侵占集体资金", "检举村干部收受工程回扣"]),
    "RUR-01": (2, ["检举{v}虚报冒领补助资金"]),
    "RUR-03": (1, ["检举{v}违规发包集体资产"]),
}
SUGGESTION_SUBJECTS = {
    "ENV-02": (3, ["建议{v}增设垃圾分类点"]),
    "CONS-03": (1, ["建议完善小区停车管理"]),
    "EDU-01": (1, ["建议增开校车线路"]),
    "HEA-02": (1, ["建议简化医保报销手续"]),
    "RUR-02": (2, ["建议提高种粮补贴标准"]),
    "OTH": (4, ["建议{v}修建村道", "建议增设路灯", "建议增加公交班次"]),
}
SEASON = [1.15, 0.7, 1.2, 1.1, 1.0, 1.0, 0.9, 0.9, 1.0, 0.85, 1.0, 1.2]  # petitions by month
WEEKDAY = [1.0, 1.0, 1.0, 1.0, 0.95, 0.3, 0.2]
FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 2), (5, 3), (10, 1), (10, 2), (10, 3), (10, 4), (10, 5)}  # fewer visits
LODGED = [("township", 62), ("village", 30), ("county", 5.5), ("city", 1.5), ("province", 0.8), ("national", 0.2)]
REJECT_REASONS = [
    "已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决",
    "属于已受理尚在办理期限内的信访事项",
    "不属于本机关职权范围",
]
REDIRECT_ROUTES = {"LAW-02": "litigation", "LAB-01": "arbitration", "LAB-02": "arbitration", "LAB-03": "arbitration",
                   "LAND-02": "reconsideration", "DIS-01": "discipline", "DIS-02": "discipline"}
OUTCOMES = [("support", 35), ("partial", 25), ("explain", 30), ("reject", 10)]
SATISFACTION = [("satisfied", 75), ("basic", 17), ("dissatisfied", 8)]

# Target state at "today" by age of the petition in days: (max age, [(state, weight)])
AGE_STATES = [
    (1, [("draft", 15), ("to_accept", 60), ("accepted", 8), ("handling", 10), ("rejected", 4), ("redirected", 3)]),
    (14, [("to_accept", 18), ("accepted", 14), ("handling", 46), ("replied", 8), ("rejected", 5),
          ("redirected", 4)]),
    (44, [("to_accept", 2), ("accepted", 4), ("handling", 44), ("replied", 14), ("closed", 22),
          ("rejected", 5), ("redirected", 4)]),
    (89, [("to_accept", 1), ("accepted", 1), ("handling", 12), ("replied", 6), ("closed", 57), ("review", 3),
          ("rejected", 5), ("redirected", 4)]),
    (10**6, [("to_accept", 0.5), ("accepted", 0.5), ("handling", 2.5), ("replied", 1.5), ("closed", 72),
             ("review", 1.5), ("re_review", 0.7), ("final", 1.5), ("rejected", 5), ("redirected", 4)]),
]
ALL_STATES = ["draft", "to_accept", "accepted", "handling", "replied", "closed", "rejected", "redirected",
              "review", "re_review", "final"]
# The steps leading to each state, in order; "close" includes the follow-up visit.
STATE_STEPS = {
    "draft": [],
    "to_accept": ["register"],
    "rejected": ["register", "reject"],
    "redirected": ["register", "redirect"],
    "accepted": ["register", "accept"],
    "handling": ["register", "accept", "assign"],
    "replied": ["register", "accept", "assign", "reply"],
    "closed": ["register", "accept", "assign", "reply", "close"],
    "review": ["register", "accept", "assign", "reply", "close", "review"],
    "re_review": ["register", "accept", "assign", "reply", "close", "review", "decide_review", "re_review"],
    "final": ["register", "accept", "assign", "reply", "close", "review", "decide_review", "re_review",
              "decide_re_review"],
    "closed_reviewed": ["register", "accept", "assign", "reply", "close", "review", "decide_review"],
}
STEP_DATE_FIELDS = {
    "register": "registration_date", "accept": "accept_date", "reject": "reject_date",
    "redirect": "redirect_date", "assign": "assign_date", "reply": "reply_date", "close": "close_date",
    "review": "review_request_date", "decide_review": "review_date", "re_review": "re_review_request_date",
    "decide_re_review": "re_review_date",
}
FIELDS = [
    "seq", "registration_date", "state", "channel", "category", "nature", "village", "head_count",
    "lodged_level", "responsible_level", "is_major", "simplified", "subject", "content", "request",
    "petitioner_name", "petitioner_id_number", "petitioner_phone", "petitioner_gender", "petitioner_birth_date",
    "petitioner_address", "repeat_of", "no_reaccept", "accept_date", "reject_date", "reject_reason",
    "redirect_date", "redirect_route", "assign_date", "extension_date", "extension_days", "reply_date",
    "reply_outcome", "follow_up_date", "satisfaction", "close_date", "review_request_date", "review_date",
    "re_review_request_date", "re_review_date",
]
PHONE_PREFIXES = ["130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158",
                  "159", "177", "180", "181", "182", "186", "187", "188", "189", "191", "199"]


def _cum(pairs):
    keys, cum, total = [], [], 0
    for key, weight in pairs:
        total += weight
        keys.append(key)
        cum.append(total)
    return keys, cum


def _day_counts(n, date_from, date_to):
    """How many of n petitions fall on each day: weighted by weekday and season, largest remainder."""
    days = [date_from + timedelta(days=i) for i in range((date_to - date_from).days + 1)]
    weights = [WEEKDAY[d.weekday()] * SEASON[d.month - 1] * (0.2 if (d.month, d.day) in FIXED_HOLIDAYS else 1)
               for d in days]
    total = sum(weights)
    exact = [n * w / total for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(days)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    return list(zip(days, counts, strict=True))


DEMOTE = {"final": "re_review", "re_review": "closed_reviewed", "closed_reviewed": "review", "review": "closed",
          "closed": "replied", "replied": "handling", "handling": "accepted", "accepted": "to_accept",
          "rejected": "to_accept", "redirected": "to_accept"}


def _gap(rng, step, simplified):
    """(days after the previous step, minimum days) for one workflow step."""
    if step == "register":
        return 0, 0
    if step in ("reject", "redirect"):
        return rng.randint(1, 10), 0
    if step == "accept":  # mostly within days; a few past the 15-day acceptance deadline
        u = rng.random()
        return (rng.randint(1, 7) if u < 0.88 else rng.randint(8, 14) if u < 0.97 else rng.randint(16, 25)), 0
    if step == "assign":
        return rng.choice((0, 0, 0, 1, 1, 2, 3)), 0
    if step == "reply":  # 60 days (10 working days simplified); a few late
        if simplified:
            return rng.randint(2, 12), 1
        return (rng.randint(62, 85) if rng.random() < 0.04 else rng.randint(7, 55)), 1
    if step == "close":  # the follow-up visit, closed the same day
        return rng.randint(1, 7), 0
    if step == "review":  # requested within 30 days of the reply
        return rng.randint(3, 20), 1
    if step == "re_review":  # requested within 30 days of the review decision
        return rng.randint(5, 25), 1
    return rng.randint(10, 28), 1  # decide_review, decide_re_review: within 30 days of the request


def _timeline(rng, reg, today, target, simplified):
    """(state, {step: date}): the step dates leading to ``target``, all on or before ``today``.

    Gaps are drawn per step, then compressed to fit before ``today``; a target that cannot fit
    even with minimal gaps is demoted to the state before it.
    """
    horizon = (today - reg).days
    while True:
        steps = STATE_STEPS[target]
        gaps = [(step, *_gap(rng, step, simplified)) for step in steps]
        total = sum(g for _s, g, _m in gaps)
        minimum = sum(m for _s, _g, m in gaps)
        if minimum > horizon:
            target = DEMOTE[target]
            continue
        if total > horizon:
            slack, room = horizon - minimum, total - minimum
            gaps = [(s, m + (g - m) * slack // room, m) for s, g, m in gaps]
        dates, day = {}, reg
        for step, gap, _m in gaps:
            day += timedelta(days=gap)
            dates[step] = day
        return ("closed" if target == "closed_reviewed" else target), dates


class _PetitionRun:
    """The draws of one ``petitions()`` run: its random generator, the weight tables and the earlier matters
    a repeat may follow up. ``row()`` is called once per petition, in registration order."""

    def __init__(self, seed, today, cover_states):
        self.rng = rng = _Rng(seed)
        self.today = today
        self.cover_states = cover_states
        self.local_ids, self.other_ids = _IdPool([LOCAL_DIVISION], rng), _IdPool(OTHER_DIVISIONS, rng)
        village_list = villages()
        self.villages = _cum((v["code"], v["population"]) for v in village_list)
        self.village_names = {v["code"]: v["name"] for v in village_list}
        self.resident = {v["code"]: "居民" if v["community"] else "村民" for v in village_list}
        self.channels = _cum(CHANNELS)
        self.lodged = _cum(LODGED)
        self.outcomes = _cum(OUTCOMES)
        self.satisfaction = _cum(SATISFACTION)
        self.appeals = _cum((c, w) for c, (w, _s) in CATEGORIES.items() if w)
        self.accusations = _cum((c, w) for c, (w, _s) in ACCUSATION_SUBJECTS.items())
        self.suggestions = _cum((c, w) for c, (w, _s) in SUGGESTION_SUBJECTS.items())
        self.age_tables = [(limit, *_cum(pairs)) for limit, pairs in AGE_STATES]
        self.recent = []  # ring buffer of earlier matters that a repeat may follow up
        self.finals = []  # cover_states: a concluded matter (final) that comes back once more

    def row(self, seq, day, target):
        """The petition ``seq`` registered on ``day``; ``target``: the state it is forced into, or None."""
        matter, original = self._matter(day, target)
        size = self._size(matter["nature"], matter["category"])
        state, dates, no_reaccept = self._course(day, target, original, size["simplified"])
        person, village, subject = matter["person"], matter["village"], matter["subject"]
        row = dict.fromkeys(FIELDS)
        row.update({
            "seq": seq, "registration_date": day, "state": state, "channel": self.rng.pick(*self.channels),
            "category": matter["category"], "nature": matter["nature"], "village": village,
            "responsible_level": "township", "subject": subject, **size,
            "content": f"{person[0]}（{self.village_names[village]}{self.resident[village]}）反映：{subject}。",
            "request": "请求依法处理。" if matter["nature"] != "suggestion" else "请予以采纳。",
            "petitioner_name": person[0], "petitioner_id_number": person[1], "petitioner_phone": person[2],
            "petitioner_gender": person[3], "petitioner_birth_date": person[4], "petitioner_address": person[5],
            "repeat_of": original["seq"] if original else None, "no_reaccept": no_reaccept,
        })
        self._step_details(row, dates)
        if state != "draft" and matter["nature"] != "accusation" and not original:
            self._remember(seq, matter, state, dates)
        return row

    def _matter(self, day, target):
        """(matter, original): what the petition is about, and the earlier matter it repeats (or None)."""
        original = None
        if self.finals and target is None and day > self.finals[0]["final_date"]:
            original = self.finals.pop(0)  # the same matter again after its re-review: never re-accepted
        elif self.recent and target is None and self.rng.random() < 0.05:
            original = self.rng.choice(self.recent)
        return original or self._new_matter(day), original

    def _new_matter(self, day):
        """A new matter: nature, category, village, subject and the petitioner."""
        rng = self.rng
        u = rng.random()
        if u < 0.10:
            nature, subjects, category = "accusation", ACCUSATION_SUBJECTS, rng.pick(*self.accusations)
        elif u < 0.18:
            nature, subjects, category = "suggestion", SUGGESTION_SUBJECTS, rng.pick(*self.suggestions)
        else:
            nature, subjects, category = "appeal", CATEGORIES, rng.pick(*self.appeals)
            if category == "LAB-01" and day.month in (1, 12):
                category = rng.choice(("LAB-01", "LAB-01", category))
        village = rng.pick(*self.villages)
        subject = rng.choice(subjects[category][1]).format(v=self.village_names[village])
        person = self._petitioner(village)
        return {"nature": nature, "category": category, "village": village, "person": person, "subject": subject}

    def _petitioner(self, village):
        """(name, id number, phone, gender, birth date, address) of a new petitioner living in ``village``."""
        rng = self.rng
        id_number, birth, male = (self.local_ids if rng.random() < 0.9 else self.other_ids).draw()
        name, _py = _person_name(rng, male)
        phone = rng.choice(PHONE_PREFIXES) + f"{int(rng.random() * 100_000_000):08d}"
        address = f"{TOWNSHIP}{self.village_names[village]}{rng.randint(1, 12)}组{rng.randint(1, 80)}号"
        return name, id_number, phone, "male" if male else "female", birth, address

    def _size(self, nature, category):
        """head_count, lodged_level, is_major and simplified of a petition."""
        rng = self.rng
        head_count = 1
        u = rng.random()
        if nature != "accusation":
            if u < 0.04:
                head_count = rng.randint(5, 40)
            elif u < 0.12:
                head_count = rng.randint(2, 4)
        lodged = rng.pick(*self.lodged)
        is_major = head_count >= 5 or lodged in ("city", "province", "national") or rng.random() < 0.02
        simplified = (not is_major and category in ("CIV-03", "EDU-01", "HEA-02", "ENV-02", "OTH")
                      and rng.random() < 0.4)
        return {"head_count": head_count, "lodged_level": lodged, "is_major": is_major, "simplified": simplified}

    def _course(self, day, target, original, simplified):
        """(state, {step: date}, no_reaccept): how far the petition registered on ``day`` has got by today."""
        rng = self.rng
        age = (self.today - day).days
        if target is None:
            for limit, keys, cum in self.age_tables:
                if age <= limit:
                    target = rng.pick(keys, cum)
                    break
        if target == "closed" and age > 100 and rng.random() < 0.05:
            target = "closed_reviewed"
        if original and target in ("review", "re_review", "final", "closed_reviewed"):
            target = "closed"  # one review cycle per matter: the original carries it
        if original and original["final_date"] and original["final_date"] <= day:
            return "rejected", {"register": day}, True
        return (*_timeline(rng, day, self.today, target, simplified), False)

    def _step_details(self, row, dates):
        """The step dates of ``row`` and what goes with them: reasons, outcome, extension, satisfaction."""
        rng = self.rng
        for step, step_date in dates.items():
            row[STEP_DATE_FIELDS[step]] = step_date
        if "reject" in dates:
            row["reject_reason"] = rng.choice(REJECT_REASONS)
        if "redirect" in dates:
            row["redirect_route"] = REDIRECT_ROUTES.get(row["category"], "other_authority")
        if "reply" in dates:
            row["reply_outcome"] = rng.pick(*self.outcomes)
            # half the long ones were extended in time
            extended = (dates["reply"] - dates["accept"]).days > 60 and rng.random() < 0.5
        else:
            extended = ("assign" in dates and not row["simplified"] and (self.today - dates["accept"]).days > 55
                        and rng.random() < 0.3)
        if extended:
            row["extension_date"] = dates["accept"] + timedelta(days=rng.randint(40, 55))
            row["extension_days"] = 30
        if "close" in dates:
            row["follow_up_date"] = dates["close"]
            row["satisfaction"] = "dissatisfied" if "review" in dates else rng.pick(*self.satisfaction)

    def _remember(self, seq, matter, state, dates):
        """Keep the matter of petition ``seq`` for later repeats."""
        entry = {"seq": seq, **matter, "final_date": dates.get("decide_re_review")}
        if self.cover_states and state == "final" and not self.finals:
            self.finals.append(entry)
        if len(self.recent) < 500:
            self.recent.append(entry)
        else:
            self.recent[int(self.rng.random() * 500)] = entry


def petitions(n, year=None, seed=SEED, date_from=None, date_to=None, today=None, cover_states=False):
    """Yield ``n`` petition dicts (keys: FIELDS), in registration-date order.

    Dates spread over ``year`` (or ``date_from``..``date_to``); ``today`` (default: the last day) decides
    how far each petition has got: its target ``state`` and the dates of the steps leading there, all on
    or before ``today``. ``repeat_of`` is the ``seq`` of the earlier petition of the same person on the
    same matter. ``cover_states``: force at least one petition into every state (for the demo).
    """
    if date_from is None:
        year = year or date.today().year
        date_from, date_to = date(year, 1, 1), date(year, 12, 31)
    today = today or date_to
    run = _PetitionRun(seed, today, cover_states)
    # cover_states: the petitions forced into each state, picked by age so that the state is plausible
    forced = _forced_states(n, date_from, date_to, today) if cover_states else {}
    seq = 0
    for day, count in _day_counts(n, date_from, date_to):
        for _i in range(count):
            seq += 1
            yield run.row(seq, day, forced.get(seq))


def _forced_states(n, date_from, date_to, today):
    """seq -> state for one petition per state (two for the clocks that can run late), chosen by age."""
    wanted = [  # (state, minimum age, maximum age) of a plausible petition in that state
        ("draft", 0, 3), ("to_accept", 2, 10), ("to_accept", 20, 60), ("accepted", 5, 30),
        ("handling", 20, 50), ("handling", 75, 120), ("replied", 40, 80), ("closed", 90, 200),
        ("rejected", 20, 120), ("redirected", 20, 120), ("review", 70, 100), ("re_review", 120, 160),
        ("final", 200, 330),
    ]
    seq, by_age = 0, {}
    for day, count in _day_counts(n, date_from, date_to):
        for _i in range(count):
            seq += 1
            by_age.setdefault((today - day).days, []).append(seq)
    forced = {}
    for state, low, high in wanted:
        for age in range(low, high + 31):  # a month's leeway when no petition has a fitting age
            free = [s for s in by_age.get(age, []) if s not in forced]
            if free:
                forced[free[0]] = state
                break
    return forced


def write_csv(n, path, seed=SEED, year=None):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for row in petitions(n, year=year, seed=seed):
            writer.writerow({k: "" if v is None else v for k, v in row.items()})


def main(argv=None):
    parser = argparse.ArgumentParser(description=f"The fictional township {TOWNSHIP}")
    parser.add_argument("--logins", action="store_true", help="print one demo login per role")
    parser.add_argument("--csv", nargs=2, metavar=("N", "FILE"), help="write N petitions as CSV")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--year", type=int, default=None)
    args = parser.parse_args(argv)
    if args.logins:
        for login, name, role in demo_logins():
            print(f"{login:<10}{name}\t{role}")
    if args.csv:
        write_csv(int(args.csv[0]), args.csv[1], seed=args.seed, year=args.year)
    if not (args.logins or args.csv):
        parser.print_help()
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
