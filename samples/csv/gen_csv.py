#!/usr/bin/python3
# Writes the example import files of samples/csv/ for month 2025-04 of the
# sample dealership: the roster changes of April (one new consultant, one
# raise), the month's facts (every stored measure payroll reads), car
# sales, scorecard results, store figures and tax deductions, and the new
# hire's contribution base, derived from March with a fixed seed. UTF-8
# files get a BOM (as Excel writes "CSV UTF-8"); *.gbk.csv are the same
# files in GBK, as Excel writes plain "CSV" on a Chinese Windows.
#
#   /usr/bin/python3 samples/csv/gen_csv.py    # rewrites samples/csv/*.csv
import csv, io, os, random, sqlite3, sys

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))
MONTH, PREV = '2025-04', '2025-03'
WORK_DAYS = 22          # April 2025: Qingming off, Sunday 27 worked
NEW = ('E0052', '钱淏', '男', 'SAL-CONS', 1, '2025-04-01', '2025-06-30',
       '', '2,500.00', '3,000.00', '')

db = sqlite3.connect(':memory:')
for f in ('src/schema.sql', 'samples/org.sql', 'samples/schemes.sql',
          'samples/staff.sql', 'samples/facts.sql'):
    db.executescript(open(os.path.join(top, f), encoding='utf-8').read())
rng = random.Random(20250401)


def write(name, rows, gbk=False):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\r\n')
    w.writerows(rows)
    data = buf.getvalue()
    path = os.path.join(here, name)
    with open(path, 'wb') as f:
        f.write(data.encode('gb18030') if gbk else b'\xef\xbb\xbf' + data.encode())


def yuan(fen, zero=''):
    """Yuan with two decimals; zero for 0 (an empty cell is "no value")."""
    if not fen:
        return zero
    sign = '-' if fen < 0 else ''
    return sign + '%d.%02d' % divmod(abs(fen), 100)


def in_unit(unit, v):
    """A stored value as a clerk writes it: yuan, percent, points, count."""
    if unit == 'fen':
        return yuan(v, '0.00')
    if unit in ('bp', 'score'):
        return ('%d.%02d' % divmod(v, 100)).rstrip('0').rstrip('.')
    return str(v)


UNIT_SUFFIX = {'fen': '（元）', 'bp': '（%）', 'score': '（分）', 'count': ''}
catalogue = {code: (name, unit) for code, name, unit in db.execute(
    'SELECT code, name, unit FROM measure WHERE derived = 0')}


names = dict(db.execute('SELECT id, name FROM employee'))
names[NEW[0]] = NEW[1]

# Staff: the new consultant and a raise for 马晓丽 (E0012), 2,900 → 3,000.
staff = [['工号', '姓名', '性别', '岗位', '级别', '入职日期', '试用期截止日期',
          '离职日期', '底薪（元）', '绩效工资（元）', '薪酬方案'], list(NEW)]
e = db.execute("SELECT id, name, gender, position_id, grade, hire_date,"
               " coalesce(probation_end, ''), coalesce(leave_date, ''),"
               " perf_fen, coalesce(scheme_id, '') FROM employee"
               " WHERE id = 'E0012'").fetchone()
staff.append(list(e[:8]) + ['3,000.00', '%s.00' % format(e[8] // 100, ','), e[9]])
staff[-1][4] = str(staff[-1][4])
write('staff-2025-04.csv', staff)
write('staff-2025-04.gbk.csv', staff, gbk=True)

# Facts in wide form: one row per employee, one column per stored measure
# that anybody has in March (headers: the Chinese name and its unit).
prev = {}
for emp, m, v in db.execute("SELECT employee_id, measure, value FROM"
                            " month_fact WHERE month = ?", (PREV,)):
    prev.setdefault(emp, {})[m] = v
# The new consultant: a target, and the inputs of the 2015 scheme's
# registration, notary and lien commissions like every consultant.
prev[NEW[0]] = {'work_days': 21, 'attend_days': 21, 'appraisal_x100': 8000,
                'units_target': 6, 'kpi_attain_bp': 8500,
                'reg_comm_fen': 0, 'notary_comm_fen': 0,
                'lien_comm_fen': 10000}
FIRST = ['work_days', 'attend_days', 'appraisal_x100', 'units_target',
         'kpi_attain_bp']
measures = FIRST + sorted({m for p in prev.values() for m in p} - set(FIRST),
                          key=lambda m: list(catalogue).index(m))
facts = [['工号', '姓名'] + [catalogue[m][0] + UNIT_SUFFIX[catalogue[m][1]]
                           if m not in FIRST[:3] else catalogue[m][0]
                           for m in measures]]
for emp in sorted(prev):
    p = dict(prev[emp])
    missed = p['work_days'] - p['attend_days']
    p['work_days'], p['attend_days'] = WORK_DAYS, WORK_DAYS - missed
    score = min(9800, max(7000, p['appraisal_x100'] + rng.choice((-150, 0, 50, 100))))
    p['appraisal_x100'] = score - score % 10
    facts.append([emp, names[emp]] + ['' if m not in p else
                                      in_unit(catalogue[m][1], p[m])
                                      for m in measures])
write('facts-2025-04.csv', facts)
write('facts-2025-04.gbk.csv', facts, gbk=True)

# Store figures in long form: March's, one row per measure.
store = [['月份', '指标', '数值']]
for m, v in db.execute("SELECT measure, value FROM store_fact WHERE month = ?"
                       " ORDER BY rowid", (PREV,)):
    store.append([MONTH, catalogue[m][0], in_unit(catalogue[m][1], v)])
write('store-2025-04.csv', store)
write('store-2025-04.gbk.csv', store, gbk=True)

# Contribution base of the new hire for 2025 (everybody else has one): his
# base pay, as staff.sql does for the year's other new hires.
si = [['工号', '姓名', '年度', '缴费基数（元）'], [NEW[0], NEW[1], '2025', NEW[8]]]
write('si_base-2025.csv', si)
write('si_base-2025.gbk.csv', si, gbk=True)

# Special additional deductions in wide form, as declared in March.
ded = {}
for emp, kind, fen in db.execute("SELECT employee_id, kind, amount_fen FROM"
                                 " iit_deduction WHERE month = ?", (PREV,)):
    ded.setdefault(emp, {})[kind] = fen
IIT = [('children', '子女教育'), ('continuing_edu', '继续教育'),
       ('illness', '大病医疗'), ('housing_loan', '住房贷款利息'),
       ('rent', '住房租金'), ('elderly', '赡养老人'),
       ('infant', '3岁以下婴幼儿照护'), ('other', '其他')]
kinds = [k for k in IIT if any(k[0] in d for d in ded.values())]
iit = [['工号', '姓名'] + [n + '（元）' for _, n in kinds]]
for emp in sorted(ded):
    iit.append([emp, names[emp]] + [yuan(ded[emp].get(k, 0)) for k, _ in kinds])
write('iit_deduction-2025-04.csv', iit)
write('iit_deduction-2025-04.gbk.csv', iit, gbk=True)

# Sales: March's cars again, dated in April, plus two for the new hire.
sales = [['单号', '工号', '姓名', '销售日期', '车型', '成交价', '渠道',
          '结算完成', '店内投保', '五项全保', '按揭', '按揭手续费',
          '精品售价', '精品成本', '裸车毛利', '限价']]
rows = db.execute("SELECT employee_id, sale_date, model, price_fen, channel,"
                  " settled, insured, full_cover, financed, loan_fee_fen,"
                  " acc_price_fen, acc_cost_fen, margin_fen, limit_fen"
                  " FROM vehicle_sale WHERE month = ? ORDER BY id",
                  (PREV,)).fetchall()
rows += [('E0052', '2025-04-18', 'L3两厢', 7150000, 'showroom', 1, 1, 1, 0,
          0, 0, 0, 180000, None),
         ('E0052', '2025-04-26', 'S5', 13380000, 'showroom', 1, 1, 1, 1,
          350000, 260000, 150000, 320000, None)]
units = {}
for n, r in enumerate(rows, 1):
    emp, date = r[0], MONTH + '-%02d' % min(int(r[1][8:]), 30)
    sales.append(['25040%03d' % n, emp, names[emp], date, r[2],
                  '%d.%02d' % divmod(r[3], 100),
                  '展厅' if r[4] == 'showroom' else '网销',
                  *('是' if x else '否' for x in r[5:9]),
                  yuan(r[9]), yuan(r[10]), yuan(r[11]), yuan(r[12]),
                  '' if r[13] is None else yuan(r[13], '0.00')])
    if r[4] == 'showroom' and r[5]:
        units[emp] = units.get(emp, 0) + 1
write('sales-2025-04.csv', sales)

# Scorecards: March's results; consultants' units follow the April cars.
kpi = [['工号', '姓名', '考核指标', '目标', '实际', '得分', '备注']]
res = db.execute("SELECT r.employee_id, r.kpi_code, r.target_x100 / 100,"
                 " r.actual_x100 / 100,"
                 " r.points_x100, k.kind FROM kpi_result r JOIN employee e"
                 " ON e.id = r.employee_id JOIN kpi k ON k.position_id ="
                 " e.position_id AND k.code = r.kpi_code WHERE r.month = ?"
                 " ORDER BY r.employee_id, k.seq", (PREV,)).fetchall()
new_kpis = db.execute("SELECT code, kind, weight FROM kpi WHERE position_id"
                      " = 'SAL-CONS' ORDER BY seq").fetchall()
for code, kind, w in new_kpis:
    t, a = {'UNITS': (6, 2), 'INS': (70, 100), 'TD': (10, 8),
            'SSI': (90, 88)}.get(code, (None, None))
    res.append(('E0052', code, t, a, None if kind == 'ratio' else w * 80,
                kind))
for emp, code, t, a, pts, kind in res:
    if code == 'UNITS' and kind == 'ratio' and emp in units:
        a = units[emp]
    p = '' if pts is None else ('%d' % (pts // 100) if pts % 100 == 0
                                else '%d.%02d' % divmod(pts, 100)).rstrip('0')
    kpi.append([emp, names[emp], code, '' if t is None else str(t),
                '' if a is None else str(a), p,
                '新入职' if emp == 'E0052' and code == 'UNITS' else ''])
write('kpi-2025-04.csv', kpi)
write('kpi-2025-04.gbk.csv', kpi, gbk=True)
