#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write samples/facts.sql: the sample store's monthly facts for 2025-01..03.

The roster is read from org.sql and staff.sql (loaded into an in-memory
database with the real schema), so the facts always match the staff. The
output is deterministic: a fixed seed drives the filler data and the edge
cases of 2025-03 are written out by hand in MARCH_PLAN below.

    /usr/bin/python3 samples/gen_facts.py            # writes samples/facts.sql
    /usr/bin/python3 samples/gen_facts.py -o -       # to stdout

Standard library only.
"""

import calendar
import os
import random
import sqlite3
import sys

SEED = 20250301
HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, '..', 'src', 'schema.sql')

# Month and its working days (statutory calendar of 2025: the Spring
# Festival holiday takes four weekdays of January and two of February, each
# month gets one make-up Saturday or Sunday).
MONTHS = [('2025-01', 19), ('2025-02', 19), ('2025-03', 21)]

# Model, lowest and highest transaction price in fen. L3两厢 is the entry
# model (always below 80,000 yuan); the others are at least 89,800 yuan.
MODELS = [
    ('L3三厢', 8980000, 9980000, 35),
    ('L3两厢', 6980000, 7580000, 25),
    ('S5', 12980000, 14980000, 28),
    ('M7', 17980000, 19980000, 12),
]

# Loan handling fees that the filler data may draw (fen). 349999 and 350000
# are kept out of this list: they appear only where planted.
LOAN_FEES = [200000, 250000, 280000, 300000, 320000, 380000, 400000,
             450000, 500000]

# Sales groups: which consultants each supervisor leads.
GROUPS = {
    'E0007': ['E0009', 'E0010', 'E0011', 'E0012', 'E0013', 'E0014'],
    'E0008': ['E0015', 'E0016', 'E0017', 'E0018', 'E0019', 'E0020'],
}

NET_TARGET = 6          # network orders per month, online sales specialist

# 2025-03, per consultant: units target, settled showroom units, unsettled
# cars, insured and full-cover counts among the settled cars, the loan fees
# of the financed settled cars, and accessories overrides by car index
# (price fen, cost fen). README.md lists what each row exercises.
MARCH_PLAN = {
    'E0009': dict(target=12, units=15, unsettled=0, ins=11, full=9,
                  fees=[500000, 420000, 300000, 250000]),
    'E0010': dict(target=10, units=12, unsettled=1, ins=8, full=6,
                  fees=[380000, 200000]),
    'E0011': dict(target=10, units=9, unsettled=1, ins=6, full=5,
                  fees=[280000]),
    'E0012': dict(target=8, units=8, unsettled=0, ins=5, full=5,
                  fees=[300000, 450000]),
    'E0013': dict(target=10, units=3, unsettled=1, ins=1, full=1,
                  fees=[]),
    'E0014': dict(target=11, units=10, unsettled=0, ins=7, full=4,
                  fees=[360000, 220000]),
    'E0015': dict(target=10, units=5, unsettled=0, ins=2, full=2,
                  fees=[400000],
                  acc={0: (80000, 120000), 1: (500000, 250000)}),
    'E0016': dict(target=10, units=8, unsettled=1, ins=6, full=4,
                  fees=[350000, 349999, 260000]),
    'E0017': dict(target=8, units=6, unsettled=0, ins=3, full=3,
                  fees=[300000]),
    'E0018': dict(target=9, units=7, unsettled=0, ins=5, full=3,
                  fees=[]),
    'E0019': dict(target=8, units=2, unsettled=0, ins=1, full=0,
                  fees=[],
                  acc={0: (150000, 180000), 1: (0, 0)}),
    'E0020': dict(target=8, units=0, unsettled=1, ins=0, full=0,
                  fees=[]),
}

# Remarks on the units KPI row of 2025-03.
MARCH_REMARK = {
    'E0009': '本月销冠，完成率125%',
    'E0010': '完成率正好120%',
    'E0011': '另有1台未结算，不计入本月销量',
    'E0012': '正好完成任务',
    'E0013': '完成率正好30%，另有1台未结算',
    'E0014': '完成率超过90%但未满100%',
    'E0016': '手续费3500元与3499.99元各1台',
    'E0019': '完成率不足30%',
    'E0020': '试用期；1台已成交但未结算',
}


def ratio(code, name, weight, unit, gen):
    return dict(code=code, name=name, weight=weight, kind='ratio',
                unit=unit, gen=gen)


def graded(code, name, weight, lo=0.75, hi=1.0):
    return dict(code=code, name=name, weight=weight, kind='graded',
                unit='分', gen=('g', lo, hi))


# Scorecard rows per position. gen says how the monthly result is made:
#   ('fix', target, lo, hi)       actual = target x U(lo, hi)
#   ('rng', tlo, thi, lo, hi)     target drawn in [tlo, thi], then as 'fix'
#   ('workdays', miss)            target = working days, up to miss short
#   ('units'|'ins'|'showroom'|'store'|'group'|'net', ...)  from the sales
#   ('g', lo, hi)                 graded: points = weight x U(lo, hi)
KPIS = {
    'GM': [
        ratio('SALES', '整车销量（含网络订单）', 30, '台', ('store',)),
        ratio('OUTPUT', '售后产值', 25, '万元', ('fix', 19, 0.85, 1.12)),
        ratio('PROFIT', '净利润', 20, '万元', ('fix', 30, 0.8, 1.1)),
        ratio('CSI', 'CSI满意度', 15, '分', ('fix', 900, 0.97, 1.04)),
        graded('TEAM', '团队建设与6S管理', 10),
    ],
    'DGM': [
        ratio('OUTPUT', '售后产值', 30, '万元', ('fix', 19, 0.85, 1.12)),
        ratio('CSI', 'CSI满意度', 25, '分', ('fix', 900, 0.97, 1.04)),
        ratio('TEN', '十项调查得分', 20, '分', ('fix', 92, 0.95, 1.05)),
        ratio('COMPLAINT', '重大投诉结案', 10, '次', ('rng', 2, 4, 0.6, 1.0)),
        graded('COORD', '跨部门协调', 15),
    ],
    'HR-MGR': [
        ratio('RECRUIT', '招聘到岗', 25, '人', ('rng', 2, 4, 0.5, 1.0)),
        ratio('TRAIN', '培训实施', 20, '场', ('fix', 4, 0.75, 1.25)),
        graded('APPRAISE', '考核与工资按时完成', 20),
        graded('ADMIN', '行政后勤保障', 20),
        graded('ARCHIVE', '档案与证照管理', 15),
    ],
    'HR-SPEC': [
        ratio('INTERVIEW', '面试安排', 25, '人次', ('fix', 20, 0.7, 1.2)),
        graded('ONBOARD', '入职离职手续办理', 25),
        graded('ATTEND', '考勤统计准确', 25),
        graded('FILE', '员工档案完整', 25),
    ],
    'SAL-MGR': [
        ratio('UNITS', '展厅销量', 40, '台', ('showroom',)),
        ratio('GROSS', '新车销售毛利', 20, '万元', ('fix', 45, 0.8, 1.1)),
        ratio('SSI', 'SSI满意度', 15, '分', ('fix', 900, 0.96, 1.04)),
        graded('MEET', '例会与培训组织', 10),
        graded('MGMT', '团队管理与制度执行', 15),
    ],
    'SAL-SHOW': [
        ratio('UNITS', '展厅销量', 35, '台', ('showroom',)),
        ratio('TD', '试乘试驾率', 20, '%', ('fix', 60, 0.8, 1.15)),
        ratio('LOG', '来店登记完整率', 15, '%', ('fix', 100, 0.9, 1.0)),
        graded('SIX', '展厅6S管理', 15),
        graded('NORM', '接待规范', 15),
    ],
    'SAL-SUP': [
        ratio('GROUP', '本组销量', 50, '台', ('group',)),
        ratio('COACH', '组员辅导', 15, '次', ('fix', 4, 0.75, 1.25)),
        graded('PLAN', '周计划与月计划提交', 15),
        graded('MEET', '早会夕会组织', 20),
    ],
    'SAL-CONS': [
        ratio('UNITS', '展厅销量', 40, '台', ('units',)),
        ratio('INS', '店内投保率', 15, '%', ('ins',)),
        ratio('TD', '试乘试驾', 10, '次', ('fix', 20, 0.5, 1.2)),
        ratio('SSI', 'SSI满意度', 15, '分', ('fix', 900, 0.95, 1.05)),
        graded('SIX', '展车与展位6S', 10),
        graded('NORM', '服务规范与纪律', 10),
    ],
    'SAL-ASST': [
        ratio('DOCS', '手续办理及时率', 30, '%', ('fix', 100, 0.9, 1.0)),
        ratio('PLATE', '上牌办理', 25, '台', ('rng', 20, 30, 0.8, 1.1)),
        graded('ARCHIVE', '合同资料归档', 25),
        graded('SYS', '系统信息维护', 20),
    ],
    'SAL-KAM': [
        ratio('VISIT', '大客户拜访', 30, '次', ('fix', 20, 0.6, 1.2)),
        ratio('DEAL', '团购签约', 30, '单', ('fix', 2, 0.5, 1.5)),
        ratio('COLLECT', '回款及时率', 20, '%', ('fix', 100, 0.9, 1.0)),
        graded('FILE', '大客户档案', 20),
    ],
    'SAL-VEH': [
        ratio('INTAKE', '新车一日内入库率', 30, '%', ('fix', 100, 0.95, 1.0)),
        ratio('REPAIR', '库存车报修超一周书面报告率', 20, '%',
              ('fix', 100, 0.9, 1.0)),
        graded('STOCK', '库存盘点账实相符', 25),
        graded('DISPLAY', '展车管理', 25),
    ],
    'NET-SPEC': [
        ratio('NET', '网络订单', 30, '台', ('net',)),
        ratio('LEADS', '网络留资', 25, '条', ('fix', 150, 0.75, 1.15)),
        ratio('ARTICLE', '软文发布（每两天一篇）', 20, '篇',
              ('fix', 15, 0.75, 1.1)),
        graded('REPLY', '在线答复及时性', 15),
        graded('PRICE', '周边报价收集', 10),
    ],
    'NET-CALL': [
        ratio('CALLS', '线索外呼', 35, '条', ('fix', 150, 0.85, 1.08)),
        ratio('INVITE', '邀约到店', 35, '批', ('fix', 25, 0.6, 1.2)),
        graded('RECORD', '通话记录完整', 15),
        graded('SCRIPT', '话术规范', 15),
    ],
    'MKT-MGR': [
        ratio('TRAFFIC', '集客量', 30, '批', ('fix', 500, 0.8, 1.12)),
        ratio('EVENT', '市场活动', 20, '场', ('fix', 3, 0.67, 1.34)),
        graded('BUDGET', '费用控制', 20),
        graded('EVAL', '活动效果评估', 15),
        graded('OEM', '厂家市场考核', 15),
    ],
    'MKT-PR': [
        ratio('NEWS', '媒体发稿', 35, '篇', ('fix', 8, 0.6, 1.25)),
        graded('CRISIS', '舆情监测与处置', 30),
        graded('MEDIA', '媒体关系维护', 35),
    ],
    'MKT-ASST': [
        graded('REPORT', '厂家资料每月1日前报送', 25),
        ratio('ARTICLE', '软文初稿', 25, '篇', ('fix', 8, 0.6, 1.25)),
        ratio('DAILY', '来店来电数据日报', 25, '天', ('workdays', 2)),
        graded('DESIGN', '宣传物料设计', 25),
    ],
    'MKT-SPEC': [
        ratio('EVENT', '落地活动', 35, '场', ('fix', 4, 0.5, 1.25)),
        ratio('INFO', '市场信息报告', 25, '份', ('fix', 8, 0.6, 1.25)),
        ratio('PARTNER', '异业合作拓展', 20, '家', ('fix', 2, 0.0, 1.5)),
        graded('MATERIAL', '促销物料台账', 20),
    ],
    'CS-MGR': [
        ratio('CSI', '客户满意度', 35, '分', ('fix', 900, 0.97, 1.04)),
        ratio('CLOSE', '投诉按时结案率', 25, '%', ('fix', 100, 0.85, 1.0)),
        graded('REPORT', '满意度分析报告', 20),
        graded('TEAM', '部门管理', 20),
    ],
    'CS-SUP': [
        ratio('CHECK', '回访记录抽查', 30, '次', ('fix', 60, 0.8, 1.1)),
        ratio('UPDATE', '客户档案更新率', 20, '%', ('fix', 100, 0.9, 1.0)),
        graded('ASSIGN', '回访任务分派', 30),
        graded('TRAIN', '培训组织', 20),
    ],
    'CS-SPEC': [
        ratio('CALLS', '客户回访', 30, '次', ('fix', 300, 0.8, 1.07)),
        ratio('FIRST', '新客户一周内首访率', 30, '%', ('fix', 100, 0.85, 1.0)),
        ratio('RENEW', '续保推修线索', 20, '条', ('fix', 30, 0.6, 1.2)),
        graded('NORM', '服务规范', 20),
    ],
    'CS-CALL': [
        ratio('CSI3', '交车后3个工作日内CSI回访', 40, '次',
              ('rng', 260, 320, 0.9, 1.0)),
        ratio('SSI', 'SSI问卷回访', 25, '次', ('rng', 50, 60, 0.9, 1.0)),
        ratio('REMIND', '保养到期前两周提醒', 15, '次',
              ('fix', 120, 0.8, 1.1)),
        graded('ARCHIVE', '交车档案整理', 10),
        graded('NORM', '服务规范', 10),
    ],
    'AS-HEAD': [
        ratio('OUTPUT', '售后总产值', 35, '万元', ('fix', 19, 0.85, 1.15)),
        ratio('CSI', 'CSI满意度（不低于900分）', 25, '分',
              ('fix', 900, 0.97, 1.04)),
        ratio('TEN', '十项调查（不低于92分）', 15, '分',
              ('fix', 92, 0.95, 1.05)),
        graded('SIX', '服务站6S管理', 15),
        graded('HOTLINE', '服务热线与重大抱怨处理', 10),
    ],
    'AS-SVC': [
        ratio('OUTPUT', '前台产值', 30, '万元', ('fix', 19, 0.85, 1.15)),
        ratio('CSI', 'CSI满意度', 25, '分', ('fix', 900, 0.97, 1.04)),
        ratio('TRAIN', '前台流程培训', 15, '次', ('fix', 1, 1.0, 1.0)),
        ratio('TEST', '服务顾问月度考评', 10, '次', ('fix', 1, 1.0, 1.0)),
        graded('SIX', '接待区6S管理', 10),
        graded('COMPLAINT', '抱怨处理与考核', 10),
    ],
    'AS-FD': [
        ratio('ORDERS', '接车台数', 30, '台', ('fix', 330, 0.85, 1.1)),
        graded('CLAIM', '索赔业务合规', 25),
        graded('COMPLAINT', '重大投诉处理', 20),
        graded('EVAL', '前台人员考核', 25),
    ],
    'AS-WS': [
        ratio('ONTIME', '按时交车率', 30, '%', ('fix', 100, 0.92, 1.0)),
        ratio('FIRSTFIX', '一次修复率', 30, '%', ('fix', 98, 0.95, 1.02)),
        graded('SAFETY', '安全生产', 20),
        graded('SIX', '车间6S管理', 20),
    ],
    'AS-TECH': [
        ratio('DIAG', '疑难故障诊断', 30, '台', ('fix', 12, 0.75, 1.2)),
        ratio('QINFO', '质量信息上报', 25, '次', ('fix', 4, 0.75, 1.25)),
        ratio('TRAIN', '技术培训', 20, '场', ('fix', 2, 0.5, 1.5)),
        graded('REWORK', '返修原因分析', 25),
    ],
    'AS-SA': [
        ratio('OUTPUT', '个人产值', 35, '万元', ('rng', 9, 10, 0.8, 1.15)),
        ratio('ORDERS', '接车台数', 25, '台', ('fix', 160, 0.8, 1.1)),
        ratio('BOTTLES', '养护用品', 15, '瓶', ('fix', 100, 0.4, 2.2)),
        ratio('RENEW', '续保（基本任务3台）', 15, '台', ('fix', 3, 0.34, 1.67)),
        graded('NORM', '服务规范', 10),
    ],
    'AS-WAR': [
        ratio('SUBMIT', '索赔按时提交率', 35, '%', ('fix', 100, 0.9, 1.0)),
        ratio('PASS', '索赔一次通过率', 35, '%', ('fix', 98, 0.92, 1.02)),
        graded('PARTS', '索赔旧件管理', 30),
    ],
    'AS-INFO': [
        ratio('DAILY', '产值日报按时', 40, '天', ('workdays', 1)),
        ratio('ACCURACY', '工单录入准确率', 35, '%', ('fix', 100, 0.95, 1.0)),
        graded('ARCHIVE', '业务档案管理', 25),
    ],
    'PRT-MGR': [
        ratio('PROFIT', '备件利润', 35, '万元', ('fix', 8, 0.75, 1.15)),
        ratio('FILL', '备件满足率', 25, '%', ('fix', 95, 0.93, 1.04)),
        graded('TURN', '库存周转', 20),
        graded('TEAM', '部门管理', 20),
    ],
    'PRT-PLAN': [
        ratio('FILL', '订单满足率', 40, '%', ('fix', 95, 0.93, 1.04)),
        graded('URGENT', '紧急订单跟踪', 30),
        graded('SAFE', '安全库存维护', 30),
    ],
    'PRT-WH': [
        ratio('ACCURACY', '账实相符率', 40, '%', ('fix', 100, 0.97, 1.0)),
        graded('ISSUE', '发料及时', 30),
        graded('SIX', '仓库6S管理', 30),
    ],
}

RATIO_REMARKS = ['未达目标，已制定改进计划', '受节假日影响', '较上月有提升']
GRADED_REMARKS = ['检查发现问题，已限期整改', '流程执行有遗漏',
                  '客户表扬一次', '表现良好']


def q(s):
    """SQL string literal."""
    return "'" + str(s).replace("'", "''") + "'"


def x100(x):
    """A KPI target or actual in hundredths of its unit (None stays)."""
    return None if x is None else x * 100


def v(x):
    if x is None:
        return 'NULL'
    if isinstance(x, int):
        return str(x)
    return q(x)


def load_roster():
    db = sqlite3.connect(':memory:')
    with open(SCHEMA, encoding='utf-8') as f:
        db.executescript(f.read())
    with open(os.path.join(HERE, 'org.sql'), encoding='utf-8') as f:
        db.executescript(f.read())
    db.executescript("INSERT INTO scheme(id, name) VALUES "
                     "('SALES2015', ''), ('FIXED', ''), ('SALES2008', ''),"
                     " ('SH2013', ''), ('SH2013A', ''), ('NET2015', ''),"
                     " ('AS_HEAD', ''), ('AS_SVC', ''), ('AS_SUP', ''),"
                     " ('AS_SA', ''), ('AS_SA_INS', ''), ('AS_INFO', ''),"
                     " ('PARTS', '');")
    with open(os.path.join(HERE, 'staff.sql'), encoding='utf-8') as f:
        db.executescript(f.read())
    rows = db.execute('SELECT id, position_id FROM employee ORDER BY id')
    emps = list(rows)
    for pos, in db.execute('SELECT id FROM position ORDER BY sort'):
        if pos not in KPIS:
            sys.exit('gen_facts.py: no KPI rows for position ' + pos)
    db.close()
    return emps


class Gen:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.sale_id = 0
        self.sales = []         # rows of vehicle_sale

    def price(self, model):
        for name, lo, hi, _ in MODELS:
            if name == model:
                return lo + self.rng.randrange((hi - lo) // 10000 + 1) * 10000
        raise KeyError(model)

    def model(self):
        names = [m[0] for m in MODELS]
        weights = [m[3] for m in MODELS]
        return self.rng.choices(names, weights)[0]

    def date(self, month, late):
        y, m = int(month[:4]), int(month[5:])
        last = calendar.monthrange(y, m)[1]
        day = self.rng.randint(last - 5, last) if late else \
            self.rng.randint(1, last)
        return '%s-%02d' % (month, day)

    def accessories(self):
        if self.rng.random() < 0.45:
            return 0, 0
        price = self.rng.randint(10, 60) * 10000
        cost = price * self.rng.randint(45, 70) // 100
        return price, cost

    def car(self, emp, month, settled=1, channel='showroom', insured=0,
            full_cover=0, fee=None, acc=None, model=None):
        model = model or self.model()
        ap, ac = acc if acc is not None else self.accessories()
        self.sale_id += 1
        self.sales.append(dict(
            id=self.sale_id, employee_id=emp, month=month,
            sale_date=self.date(month, not settled), model=model,
            price_fen=self.price(model), channel=channel, settled=settled,
            insured=insured, full_cover=full_cover,
            financed=1 if fee is not None else 0,
            loan_fee_fen=fee if fee is not None else 0,
            acc_price_fen=ap, acc_cost_fen=ac, margin_fen=0,
            limit_fen=None))

    def consultant_month(self, emp, month, plan):
        """Cars of one consultant and month; returns the settled units."""
        n = plan['units']
        idx = list(range(n))
        self.rng.shuffle(idx)
        insured = set(idx[:plan['ins']])
        full = set(idx[:plan['full']])
        fin = list(range(n))
        self.rng.shuffle(fin)
        fees = dict(zip(fin, plan['fees']))
        accs = plan.get('acc', {})
        for i in range(n):
            self.car(emp, month, 1, 'showroom', int(i in insured),
                     int(i in full), fees.get(i), accs.get(i))
        for _ in range(plan['unsettled']):
            # Attributes that would pay if the car counted.
            self.car(emp, month, 0, 'showroom', 1, 1,
                     self.rng.choice(LOAN_FEES), (300000, 150000))
        return n

    def filler_plans(self, cons, month):
        """Random plans for January and February with one clear top seller."""
        plans = {}
        for emp in cons:
            target = MARCH_PLAN[emp]['target'] + self.rng.choice([-1, 0, 0, 1])
            target = max(8, min(12, target))
            if emp == 'E0020' and month == '2025-01':
                units = self.rng.randint(0, 2)
            else:
                units = round(target * self.rng.uniform(0.35, 1.3))
            ins = round(units * self.rng.uniform(0.45, 0.9))
            full = round(ins * self.rng.uniform(0.6, 1.0))
            nfin = round(units * self.rng.uniform(0.1, 0.4))
            fees = [self.rng.choice(LOAN_FEES) for _ in range(nfin)]
            unsettled = 1 if self.rng.random() < 0.3 else 0
            plans[emp] = dict(target=target, units=units, unsettled=unsettled,
                              ins=ins, full=full, fees=fees)
        top = max(p['units'] for p in plans.values())
        tied = [e for e in cons if plans[e]['units'] == top]
        if len(tied) > 1:
            plans[self.rng.choice(tied)]['units'] += 1
        return plans

    def network_month(self, emp, month):
        n = {'2025-01': 5, '2025-02': 4, '2025-03': 6}[month]
        unsettled = {'2025-01': 1, '2025-02': 0, '2025-03': 1}[month]
        models = ['L3两厢', 'L3两厢'] + [self.model() for _ in range(n - 2)]
        settled = 0
        for i, model in enumerate(models):
            s = 0 if i >= n - unsettled else 1
            settled += s
            ins = int(self.rng.random() < 0.6)
            fee = self.rng.choice(LOAN_FEES) if self.rng.random() < 0.3 \
                else None
            self.car(emp, month, s, 'network', ins, ins, fee, (0, 0), model)
        return settled


# Own cars of the 2008-scheme supervisors and the 2013-scheme key-account
# manager and assistants in 2025-03: (settled, model, financed, price above
# the limit in fen). E0007 sells 13 cars, so his 11th to 13th cars earn the
# second band; E0022 is on probation (post wage only).
MARCH_OWN = {
    'E0007': [(1, 'S5', 0, 0)] * 4 + [(1, 'L3三厢', 0, 0)] * 9,
    'E0008': [(1, 'M7', 0, 0)] * 2 + [(1, 'L3两厢', 0, 0)] * 6 +
             [(0, 'S5', 0, 0)],
    'E0023': [(1, 'M7', 1, 300000), (1, 'S5', 1, 0), (1, 'S5', 0, 150000),
              (1, 'L3三厢', 0, 0)] * 2 + [(0, 'M7', 1, 500000)],
    'E0021': [(1, 'L3两厢', 1, 80000), (1, 'L3三厢', 0, 0),
              (1, 'L3两厢', 0, 0), (1, 'S5', 1, 0)],
    'E0022': [(1, 'L3两厢', 0, 50000), (1, 'L3三厢', 1, 0)],
}
OWN_TARGET = {'E0007': 12, 'E0008': 12, 'E0023': 10, 'E0021': 5,
              'E0022': 3}

# Service advisors in 2025-03: E0044 misses the output target (8.5万 of
# 9.4万: bottles capped at 6 yuan), E0045 exceeds it with > 200 bottles.
MARCH_SA = {
    'E0044': dict(output=8500000, ach=9043, orders=150, order_ach=9375,
                  bottles=130, renewals=3, policies=3, other=20000),
    'E0045': dict(output=10400000, ach=10400, orders=170, order_ach=10625,
                  bottles=210, renewals=1, policies=1, other=0),
}


def later_schemes(g, emps, facts):
    """Facts of the 2008, 2013, network and after-sales schemes, the store
    figures and the income-tax declarations. A second generator keeps the
    data above byte-for-byte what it was."""
    rng = random.Random(SEED + 1)
    out, store, iit = [], [], []
    attain = {}
    # Bare-car margin of every car, for the 2015 table (500 - 9,000 yuan).
    for s in g.sales:
        s['margin_fen'] = rng.randint(5, 90) * 10000
    for month, _ in MONTHS:
        for emp, pos in emps:
            if emp in OWN_TARGET:
                if month == '2025-03':
                    own = MARCH_OWN[emp]
                else:
                    own = [(int(rng.random() < 0.9), g.model(),
                            int(rng.random() < 0.3),
                            rng.choice([0, 0, 50000, 120000]))
                           for _ in range(rng.randint(2, OWN_TARGET[emp]))]
                for settled, model, fin, over in own:
                    g.car(emp, month, settled, 'showroom', 1, 1,
                          300000 if fin else None, (0, 0), model)
                    car = g.sales[-1]
                    car['margin_fen'] = rng.randint(5, 90) * 10000
                    if pos in ('SAL-KAM', 'SAL-ASST'):
                        car['limit_fen'] = car['price_fen'] - over
                out.append((emp, month, 'units_target', OWN_TARGET[emp]))
                if pos == 'SAL-SUP':
                    attain[emp] = 9000 if month == '2025-03' else \
                        rng.randrange(8000, 10001, 50)
                    out.append((emp, month, 'kpi_attain_bp', attain[emp]))
                else:
                    for m in ('deco_comm_fen', 'ins_comm_fen',
                              'plate_comm_fen', 'used_comm_fen'):
                        out.append((emp, month, m,
                                    rng.choice([0, 10000, 20000, 35000])))
            if pos == 'SAL-CONS':
                for m in ('reg_comm_fen', 'notary_comm_fen', 'lien_comm_fen'):
                    out.append((emp, month, m, rng.choice([0, 5000, 10000])))
            if pos in ('AS-HEAD', 'AS-SVC'):
                out.append((emp, month, 'incentive_fen',
                            rng.choice([0, 10000, 20000])))
            if pos == 'AS-SA':
                if month == '2025-03':
                    p = MARCH_SA[emp]
                else:
                    ach = rng.randrange(8000, 11500, 1)
                    p = dict(output=9400000 * ach // 10000, ach=ach,
                             orders=rng.randint(130, 180),
                             order_ach=rng.randrange(8000, 11000),
                             bottles=rng.randint(30, 230),
                             renewals=rng.randint(0, 5), policies=0,
                             other=rng.choice([0, 10000]))
                    p['policies'] = p['renewals']
                for m, k in (('output_fen', 'output'),
                             ('output_ach_bp', 'ach'),
                             ('work_orders', 'orders'),
                             ('order_ach_bp', 'order_ach'),
                             ('bottles', 'bottles'),
                             ('renewals', 'renewals'),
                             ('commercial_policies', 'policies'),
                             ('other_comm_fen', 'other')):
                    out.append((emp, month, m, p[k]))
        store += [
            (month, 'store_output_fen', rng.randint(170, 215) * 100000),
            (month, 'net_profit_fen', 20000000 if month == '2025-03'
             else rng.randint(15, 25) * 1000000),
            (month, 'profit_ach_bp', 10000 if month == '2025-03'
             else rng.randrange(8000, 11000, 50)),
            (month, 'parts_sales_fen', rng.randint(55, 75) * 1000000),
            (month, 'maint_sales_fen', rng.randint(6, 12) * 1000000),
            (month, 'parts_office_fen', rng.randint(30, 60) * 10000),
            (month, 'parts_profit_ach_bp', rng.randrange(8500, 11000, 50)),
            (month, 'parts_score_x100', rng.randrange(8500, 9801, 50)),
        ]
        # Special additional deductions declared by a few employees.
        iit += [('E0001', month, 'children', 200000),
                ('E0001', month, 'elderly', 300000),
                ('E0005', month, 'housing_loan', 100000),
                ('E0009', month, 'elderly', 150000),
                ('E0039', month, 'children', 200000)]
    return out, store, iit


def main(argv):
    out_path = os.path.join(HERE, 'facts.sql')
    if len(argv) == 3 and argv[1] == '-o':
        out_path = argv[2]
    elif len(argv) != 1:
        sys.exit('usage: gen_facts.py [-o FILE|-]')

    emps = load_roster()
    pos_of = dict(emps)
    cons = [e for e, p in emps if p == 'SAL-CONS']
    if sorted(cons) != sorted(MARCH_PLAN):
        sys.exit('gen_facts.py: MARCH_PLAN does not match the consultants')
    g = Gen()
    rng = g.rng

    facts = []          # (employee, month, measure, value)
    results = []        # (employee, month, code, target, actual, points, remark)

    for month, work_days in MONTHS:
        plans = MARCH_PLAN if month == '2025-03' else \
            g.filler_plans(cons, month)
        units = {}
        ins_pct = {}
        for emp in cons:
            p = plans[emp]
            units[emp] = g.consultant_month(emp, month, p)
            ins_pct[emp] = p['ins'] * 100 // p['units'] if p['units'] else 0
        net = 0
        for emp, pos in emps:
            if pos == 'NET-SPEC':
                net += g.network_month(emp, month)
        showroom_t = sum(plans[e]['target'] for e in cons)
        showroom_a = sum(units.values())

        for emp, pos in emps:
            absent = 0
            if rng.random() < 0.15:
                absent = rng.randint(1, 3)
            if emp == 'E0036' and month == '2025-02':
                absent = 5          # sick leave
            facts.append((emp, month, 'work_days', work_days))
            facts.append((emp, month, 'attend_days', work_days - absent))
            facts.append((emp, month, 'appraisal_x100',
                          rng.randrange(7000, 9801, 50)))
            if pos == 'SAL-CONS':
                facts.append((emp, month, 'units_target',
                              plans[emp]['target']))
                facts.append((emp, month, 'kpi_attain_bp',
                              rng.randrange(8000, 10001, 50)))

            for k in KPIS[pos]:
                gen = k['gen']
                target = actual = points = None
                remark = ''
                if gen[0] == 'g':
                    full = k['weight'] * 100
                    points = round(full * rng.uniform(gen[1], gen[2]) / 50) * 50
                    points = min(points, full)
                    if points < full * 0.8 and rng.random() < 0.6:
                        remark = rng.choice(GRADED_REMARKS[:2])
                    elif rng.random() < 0.05:
                        remark = rng.choice(GRADED_REMARKS[2:])
                else:
                    if gen[0] == 'fix':
                        target = gen[1]
                        actual = round(target * rng.uniform(gen[2], gen[3]))
                    elif gen[0] == 'rng':
                        target = rng.randint(gen[1], gen[2])
                        actual = round(target * rng.uniform(gen[3], gen[4]))
                    elif gen[0] == 'workdays':
                        target = work_days
                        actual = work_days - rng.randint(0, gen[1])
                    elif gen[0] == 'units':
                        target, actual = plans[emp]['target'], units[emp]
                    elif gen[0] == 'ins':
                        target, actual = 70, ins_pct[emp]
                    elif gen[0] == 'showroom':
                        target, actual = showroom_t, showroom_a
                    elif gen[0] == 'store':
                        target = showroom_t + NET_TARGET
                        actual = showroom_a + net
                    elif gen[0] == 'group':
                        target = sum(plans[e]['target'] for e in GROUPS[emp])
                        actual = sum(units[e] for e in GROUPS[emp])
                    elif gen[0] == 'net':
                        target, actual = NET_TARGET, net
                    else:
                        raise ValueError(gen)
                    if k['unit'] == '%':
                        actual = min(actual, 100)
                    if month == '2025-03' and k['code'] == 'UNITS' and \
                            emp in MARCH_REMARK:
                        remark = MARCH_REMARK[emp]
                    elif month == '2025-03' and emp == 'E0014' and \
                            k['code'] == 'INS':
                        remark = '投保率正好70%'
                    elif actual * 10 < target * 8 and rng.random() < 0.5:
                        remark = rng.choice(RATIO_REMARKS[:2])
                    elif actual > target and rng.random() < 0.1:
                        remark = RATIO_REMARKS[2]
                results.append((emp, month, k['code'], target, actual,
                                points, remark))

    extra_facts, store_facts, iit = later_schemes(g, emps, facts)
    facts += extra_facts

    lines = []
    w = lines.append
    w('-- Monthly facts of the sample dealership, 2025-01 to 2025-03.')
    w('-- Generated by samples/gen_facts.py (seed %d); do not edit by hand:'
      % SEED)
    w('-- change the generator and run /usr/bin/python3 samples/gen_facts.py.')
    w('')
    w('-- Scorecard rows per position (weights sum to 100).')
    w('INSERT INTO kpi (position_id, code, seq, name, weight, kind, unit)'
      ' VALUES')
    rows = []
    for pos in KPIS:
        assert sum(k['weight'] for k in KPIS[pos]) == 100, pos
        for seq, k in enumerate(KPIS[pos], 1):
            rows.append(' (%s, %s, %d, %s, %d, %s, %s)' % (
                q(pos), q(k['code']), seq, q(k['name']), k['weight'],
                q(k['kind']), q(k['unit'])))
    w(',\n'.join(rows) + ';')

    for month, _ in MONTHS:
        w('')
        w('-- ---------------------------------------------------------- %s'
          % month)
        w('INSERT INTO month_fact (employee_id, month, measure, value) VALUES')
        w(',\n'.join(' (%s, %s, %s, %d)' % (q(e), q(m), q(ms), val)
                     for e, m, ms, val in facts if m == month) + ';')
        w('')
        w('INSERT INTO vehicle_sale (id, employee_id, month, sale_date, model,'
          ' price_fen, channel, settled, insured, full_cover, financed,'
          ' loan_fee_fen, acc_price_fen, acc_cost_fen, margin_fen, limit_fen)'
          ' VALUES')
        w(',\n'.join(
            ' (%d, %s, %s, %s, %s, %d, %s, %d, %d, %d, %d, %d, %d, %d, %d, %s)'
            % (s['id'], q(s['employee_id']), q(s['month']),
               q(s['sale_date']), q(s['model']), s['price_fen'],
               q(s['channel']), s['settled'], s['insured'],
               s['full_cover'], s['financed'], s['loan_fee_fen'],
               s['acc_price_fen'], s['acc_cost_fen'], s['margin_fen'],
               v(s['limit_fen']))
            for s in g.sales if s['month'] == month) + ';')
        w('')
        w('INSERT INTO store_fact (month, measure, value) VALUES')
        w(',\n'.join(' (%s, %s, %d)' % (q(month), q(ms), val)
                     for m, ms, val in store_facts if m == month) + ';')
        rows = [r for r in iit if r[1] == month]
        if rows:
            w('')
            w('INSERT INTO iit_deduction (employee_id, month, kind,'
              ' amount_fen) VALUES')
            w(',\n'.join(' (%s, %s, %s, %d)' % (q(e), q(m), q(k), a)
                         for e, m, k, a in rows) + ';')
        w('')
        w('INSERT INTO kpi_result (employee_id, month, kpi_code,'
          ' target_x100, actual_x100, points_x100, remark) VALUES')
        w(',\n'.join(' (%s, %s, %s, %s, %s, %s, %s)' % (
            q(e), q(m), q(c), v(x100(t)), v(x100(a)), v(p), q(r))
            for e, m, c, t, a, p, r in results if m == month) + ';')

    text = '\n'.join(lines) + '\n'
    if out_path == '-':
        sys.stdout.write(text)
    else:
        with open(out_path, 'w', encoding='utf-8', newline='\n') as f:
            f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
