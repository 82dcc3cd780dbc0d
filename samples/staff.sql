-- Sample dealership: pay schemes of the positions and the staff roster.
-- Loaded after schemes.sql, which defines the schemes named here. Money is
-- fen (yuan x 100). Consultants E0009-E0020; see README.md.

UPDATE position SET scheme_id = 'FIXED';
UPDATE position SET scheme_id = 'SALES2015' WHERE id = 'SAL-CONS';
UPDATE position SET scheme_id = 'SALES2008' WHERE id = 'SAL-SUP';
UPDATE position SET scheme_id = 'SH2013' WHERE id = 'SAL-KAM';
UPDATE position SET scheme_id = 'SH2013A' WHERE id = 'SAL-ASST';
UPDATE position SET scheme_id = 'NET2015' WHERE id = 'NET-SPEC';
UPDATE position SET scheme_id = 'AS_HEAD' WHERE id = 'AS-HEAD';
UPDATE position SET scheme_id = 'AS_SVC' WHERE id = 'AS-SVC';
UPDATE position SET scheme_id = 'AS_SUP' WHERE id IN ('AS-FD', 'AS-WS', 'AS-TECH');
UPDATE position SET scheme_id = 'AS_SA' WHERE id = 'AS-SA';
UPDATE position SET scheme_id = 'AS_INFO' WHERE id = 'AS-INFO';
UPDATE position SET scheme_id = 'PARTS' WHERE id IN ('PRT-MGR', 'PRT-PLAN', 'PRT-WH');

INSERT INTO employee (id, name, gender, position_id, grade, hire_date,
                      probation_end, leave_date, base_fen, perf_fen) VALUES
 ('E0001', '陈国栋', '男', 'GM',       9, '2012-03-01', NULL, NULL, 1500000, 1000000),
 ('E0002', '王丽娟', '女', 'DGM',      8, '2013-07-15', NULL, NULL, 1100000,  700000),
 ('E0003', '刘晓燕', '女', 'HR-MGR',   6, '2014-05-06', NULL, NULL,  700000,  300000),
 ('E0004', '周玥',   '女', 'HR-SPEC',  2, '2021-09-01', NULL, NULL,  400000,  100000),
 ('E0005', '张伟',   '男', 'SAL-MGR',  7, '2013-02-18', NULL, NULL,  900000,  600000),
 ('E0006', '赵子昇', '男', 'SAL-SHOW', 5, '2016-04-11', NULL, NULL,  650000,  400000),
 ('E0007', '孙浩',   '男', 'SAL-SUP',  4, '2017-08-01', NULL, NULL,  450000,  350000),
 ('E0008', '李雪梅', '女', 'SAL-SUP',  4, '2018-03-12', NULL, NULL,  450000,  350000),
 ('E0009', '黄志强', '男', 'SAL-CONS', 5, '2015-06-01', NULL, NULL,  320000,  300000),
 ('E0010', '吴佳怡', '女', 'SAL-CONS', 4, '2018-09-10', NULL, NULL,  300000,  300000),
 ('E0011', '徐磊',   '男', 'SAL-CONS', 3, '2019-11-04', NULL, NULL,  290000,  300000),
 ('E0012', '马晓丽', '女', 'SAL-CONS', 3, '2020-03-16', NULL, NULL,  290000,  300000),
 ('E0013', '朱俊杰', '男', 'SAL-CONS', 2, '2022-05-09', NULL, NULL,  270000,  300000),
 ('E0014', '胡静',   '女', 'SAL-CONS', 2, '2022-08-22', NULL, NULL,  270000,  300000),
 ('E0015', '郭天堃', '男', 'SAL-CONS', 4, '2017-10-09', NULL, NULL,  300000,  300000),
 ('E0016', '𠮷文博', '男', 'SAL-CONS', 3, '2020-07-01', NULL, NULL,  290000,  300000),
 ('E0017', '林婷',   '女', 'SAL-CONS', 1, '2024-07-15', NULL, NULL,  250000,  300000),
 ('E0018', '何宇航', '男', 'SAL-CONS', 2, '2023-04-03', NULL, NULL,  270000,  300000),
 ('E0019', '高欣然', '女', 'SAL-CONS', 1, '2024-12-16', '2025-03-15', NULL, 250000, 300000),
 ('E0020', '罗杰',   '男', 'SAL-CONS', 1, '2025-01-02', '2025-04-01', NULL, 250000, 300000),
 ('E0021', '宋雨桐', '女', 'SAL-ASST', 2, '2021-02-22', NULL, NULL,  300000,  150000),
 ('E0022', '唐明',   '男', 'SAL-ASST', 1, '2025-01-06', '2025-04-05', NULL, 280000, 150000),
 ('E0023', '韩建华', '男', 'SAL-KAM',  5, '2016-06-20', NULL, NULL,  550000,  400000),
 ('E0024', '冯立新', '男', 'SAL-VEH',  3, '2015-09-01', NULL, NULL,  380000,   80000),
 ('E0025', '曹思琪', '女', 'NET-SPEC', 3, '2020-05-18', NULL, NULL,  400000,  200000),
 ('E0026', '彭丹',   '女', 'NET-CALL', 2, '2022-11-01', NULL, NULL,  330000,  100000),
 ('E0027', '袁媛',   '女', 'NET-CALL', 1, '2024-11-18', '2025-02-17', NULL, 300000, 100000),
 ('E0028', '许文涛', '男', 'MKT-MGR',  6, '2016-01-04', NULL, NULL,  700000,  350000),
 ('E0029', '邓欣',   '女', 'MKT-PR',   3, '2019-04-15', NULL, NULL,  450000,  150000),
 ('E0030', '傅晓婷', '女', 'MKT-ASST', 2, '2021-07-05', NULL, NULL,  380000,  100000),
 ('E0031', '沈浩然', '男', 'MKT-SPEC', 2, '2022-03-01', NULL, NULL,  380000,  120000),
 ('E0032', '曾凡',   '男', 'MKT-SPEC', 1, '2025-01-02', '2025-04-01', NULL, 350000, 120000),
 ('E0033', '吕秀英', '女', 'CS-MGR',   6, '2014-10-08', NULL, NULL,  650000,  300000),
 ('E0034', '苏晴',   '女', 'CS-SUP',   4, '2018-06-11', NULL, NULL,  480000,  150000),
 ('E0035', '蒋喆',   '男', 'CS-SPEC',  2, '2021-03-15', NULL, NULL,  360000,  100000),
 ('E0036', '蔡雯',   '女', 'CS-SPEC',  2, '2023-02-20', NULL, NULL,  360000,  100000),
 ('E0037', '丁美玲', '女', 'CS-CALL',  2, '2020-10-12', NULL, NULL,  330000,   80000),
 ('E0038', '魏娜',   '女', 'CS-CALL',  1, '2024-09-02', NULL, NULL,  310000,   80000),
 ('E0039', '杜建国', '男', 'AS-HEAD',  8, '2012-08-06', NULL, NULL,  950000,  600000),
 ('E0040', '钟伟民', '男', 'AS-SVC',   6, '2014-03-03', NULL, NULL,  750000,  450000),
 ('E0041', '汪洋',   '男', 'AS-FD',    5, '2016-11-14', NULL, NULL,  580000,  300000),
 ('E0042', '田志刚', '男', 'AS-WS',    5, '2013-05-20', NULL, NULL,  600000,  300000),
 ('E0043', '范德明', '男', 'AS-TECH',  6, '2012-09-17', NULL, NULL,  750000,  350000),
 ('E0044', '姜楠',   '女', 'AS-SA',    3, '2019-08-05', NULL, NULL,  380000,  250000),
 ('E0045', '石磊',   '男', 'AS-SA',    2, '2023-06-12', NULL, NULL,  350000,  250000),
 ('E0046', '廖春燕', '女', 'AS-WAR',   3, '2018-04-23', NULL, NULL,  400000,  120000),
 ('E0047', '邹敏',   '女', 'AS-INFO',  2, '2021-12-06', NULL, NULL,  350000,  100000),
 ('E0048', '熊长江', '男', 'PRT-MGR',  5, '2014-07-14', NULL, NULL,  600000,  300000),
 ('E0049', '金鑫',   '男', 'PRT-PLAN', 3, '2019-02-25', NULL, NULL,  420000,  150000),
 ('E0050', '陆振华', '男', 'PRT-WH',   2, '2017-05-08', NULL, NULL,  350000,  100000),
 ('E0051', '孟小凡', '男', 'PRT-WH',   1, '2024-08-19', NULL, NULL,  320000,  100000);

-- The insurance/accident service advisor is paid on the other SA scheme.
UPDATE employee SET scheme_id = 'AS_SA_INS' WHERE id = 'E0045';

-- Contribution base (缴费基数) for 2025: last year's average monthly wage,
-- here base + performance pay; the city's floor and ceiling apply.
INSERT INTO si_base (employee_id, year, base_fen)
SELECT id, 2025, base_fen + perf_fen FROM employee WHERE hire_date < '2025-01-01';
INSERT INTO si_base (employee_id, year, base_fen)
SELECT id, 2025, base_fen FROM employee WHERE hire_date >= '2025-01-01';
