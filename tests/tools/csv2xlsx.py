#!/usr/bin/python3
"""Write a CSV file as an Excel workbook the way a clerk's Excel holds it.

Usage: /usr/bin/python3 csv2xlsx.py IN.csv OUT.xlsx [SHEET] [--blank-rows]
A test converting several files imports this file and calls
convert(IN, OUT, SHEET, blank_rows) for each, in one Python process.

An independent writer (openpyxl, Debian python3-openpyxl) for the import
tests: numbers become number cells ("2,500.00" -> 2500.0), dates
(YYYY-MM-DD) date cells with a Chinese date format on odd rows and text
"2025/4/1" on even rows, months (YYYY-MM) date cells shown as 2025年4月,
everything else text (shared strings). IN may be UTF-8 (with BOM) or GBK.
--blank-rows leaves an empty row after every tenth row, as people do.
"""
import csv
import datetime
import re
import sys

import openpyxl

NUM = re.compile(r'^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$')
DATE = re.compile(r'^(\d{4})-(\d{2})-(\d{2})$')
MONTH = re.compile(r'^(\d{4})-(\d{2})$')


def read_text(path):
    raw = open(path, 'rb').read()
    try:
        return raw.decode('utf-8-sig')
    except UnicodeDecodeError:
        return raw.decode('gb18030')


def convert(src, dst, sheet='Sheet1', blank=False):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    rows = list(csv.reader(read_text(src).splitlines()))
    out = 1
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            cell = ws.cell(row=out, column=j + 1)
            if i == 0 or v == '':
                cell.value = v if v != '' else None
            elif DATE.match(v):
                y, m, d = map(int, DATE.match(v).groups())
                if i % 2:
                    cell.value = datetime.date(y, m, d)
                    cell.number_format = 'yyyy"年"m"月"d"日"'
                else:
                    cell.value = '%d/%d/%d' % (y, m, d)
            elif MONTH.match(v):
                y, m = map(int, MONTH.match(v).groups())
                cell.value = datetime.date(y, m, 1)
                cell.number_format = 'yyyy"年"m"月"'
            elif NUM.match(v) and not (len(v) > 1 and v[0] == '0'
                                       and v[1] != '.'):
                x = float(v.replace(',', ''))
                cell.value = int(x) if x == int(x) and '.' not in v else x
            else:
                cell.value = v
        out += 1
        if blank and i % 10 == 9:
            out += 1
    wb.save(dst)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    convert(args[0], args[1], args[2] if len(args) > 2 else 'Sheet1',
            '--blank-rows' in sys.argv)


if __name__ == '__main__':
    main()
