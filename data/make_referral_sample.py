"""Write the sample exports of the county 12345 platform: data/referral_sample_12345.xlsx and .csv.

The columns and their Chinese headers are those of the platform's work-order export (the national
信访信息系统 names the same columns); the xlsx has the title line the platform puts above the headers.
Run: .venv/bin/python data/make_referral_sample.py
"""
import csv
from datetime import datetime
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
HEADERS = ["工单编号", "转办类型", "来电人", "身份证号", "联系电话", "诉求标题", "诉求内容", "问题分类", "所属村",
           "派单时间", "办理时限", "反馈时限"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(prefix17):
    """A valid resident ID from its first 17 digits (GB 11643 check digit)."""
    return prefix17 + "10X98765432"[sum(int(d) * w for d, w in zip(prefix17, WEIGHTS, strict=True)) % 11]


ROWS = [
    ("GD202611250001", "12345工单", "王建国", resident_id("33010619650312001"), "13905710001", "工地拖欠三个月工资",
     "本人在镇上某建筑工地务工，工地拖欠2026年8月至10月工资共计18600元，多次讨要未果，请求督促支付。",
     "劳动和社会保障/拖欠工资", "东岗村",
     datetime(2026, 11, 25, 9, 32, 11), datetime(2026, 12, 9), datetime(2026, 12, 8)),
    ("GD202611250002", "交办", "李秀英", resident_id("33010619720805002"), "13905710002", "宅基地四至界址争议",
     "邻居翻建房屋时占用我家宅基地约0.5米，村里调解未果，请求依法确权。",
     "国土资源-宅基地", "西岭村", datetime(2026, 11, 25, 14, 5, 0), datetime(2026, 12, 10), datetime(2026, 12, 10)),
    ("GD202611260003", "12345工单", "陈志明", "", "13905710003", "",
     "村里2026年耕地地力保护补贴至今未发放到户，请求核实发放。",
     "农业补贴", "南溪", datetime(2026, 11, 26, 10, 40, 0), datetime(2026, 12, 10), ""),
    ("GD202611260004", "转送", "赵桂兰", resident_id("33010619580101003"), "13905710004", "征地补偿款分配不公",
     "组里征地补偿款分配方案未经村民会议讨论，外嫁女未分到补偿款，请求依法处理。",
     "征地补偿", "北塘村", datetime(2026, 11, 26, 16, 20, 0), datetime(2026, 12, 20), datetime(2026, 12, 18)),
    ("GD202611270005", "12345工单", "孙立新", resident_id("33010619800909004"), "13905710005", "社保缴费年限核对",
     "本人2003年至2008年在镇办企业工作期间社保缴费记录缺失，请求核实补缴。",
     "社会保险", "东岗村", datetime(2026, 11, 27, 8, 55, 0), datetime(2026, 12, 11), datetime(2026, 12, 11)),
]


def main():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "工单列表"
    sheet.append(["12345政务服务便民热线 工单导出（派单单位：青山镇）"])
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(list(row))
    for column in ("J", "K", "L"):
        for cell in sheet[column][2:]:
            cell.number_format = "yyyy-mm-dd hh:mm:ss" if column == "J" else "yyyy-mm-dd"
    for column, width in zip("ABCDEFGHIJKL", (18, 10, 8, 20, 13, 24, 60, 22, 8, 20, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    workbook.properties.creator = "12345"
    # fixed timestamps: the same rows give the same file (and the same SHA-256)
    workbook.properties.created = workbook.properties.modified = datetime(2026, 11, 27, 18, 0, 0)
    workbook.save(HERE / "referral_sample_12345.xlsx")
    with open(HERE / "referral_sample_12345.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for row in ROWS:
            writer.writerow([value.strftime("%Y-%m-%d %H:%M:%S") if isinstance(value, datetime) and index == 9
                             else value.strftime("%Y-%m-%d") if isinstance(value, datetime) else value
                             for index, value in enumerate(row)])


if __name__ == "__main__":
    main()
