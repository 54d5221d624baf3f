from odoo import models

# the columns of every table of the monthly report, after the row's name
LINE_FIGURES = ("petition_count", "visit_batches", "visit_heads", "collective_batches", "collective_heads",
                "cross_level_count", "local_count")
SUMMARY_FIGURES = ("petition_count", "visit_batches", "visit_heads", "collective_batches", "collective_heads",
                   "cross_level_count", "population", "incidence_rate", "local_resolution_rate", "cross_level_rate")


class MonthlyStatisticsXlsx(models.AbstractModel):
    """The monthly report (信访月报) as an Excel workbook: the summary, then one table per breakdown."""

    _name = "report.xinfang_supervision.monthly_statistics_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Monthly Petition Statistics (Excel)"

    def _label(self, model, fname):
        return self.env[model]._fields[fname]._description_string(self.env)

    def _write_summary(self, sheet, report, styles):
        sheet.write(0, 0, report.display_name, styles["title"])
        sheet.write(1, 0, f"{report.date_from} – {report.date_to}")
        row = 3
        for fname in SUMMARY_FIGURES:
            sheet.write(row, 0, self._label(report._name, fname), styles["header"])
            style = styles["rate"] if report._fields[fname].type == "float" else styles["cell"]
            sheet.write_number(row, 1, report[fname], style)
            row += 1
        return row + 1

    def _write_table(self, sheet, row, title, lines, styles):
        Line = self.env["xinfang.monthly.statistics.line"]
        sheet.write(row, 0, title, styles["title"])
        row += 1
        sheet.write(row, 0, self._label(Line._name, "name"), styles["header"])
        for col, fname in enumerate(LINE_FIGURES, start=1):
            sheet.write(row, col, self._label(Line._name, fname), styles["header"])
        for line in lines:
            row += 1
            sheet.write(row, 0, line.name or "", styles["cell"])
            for col, fname in enumerate(LINE_FIGURES, start=1):
                sheet.write_number(row, col, line[fname], styles["cell"])
        return row + 2

    def generate_xlsx_report(self, workbook, data, objs):
        styles = {
            "title": workbook.add_format({"bold": True, "font_size": 13}),
            "header": workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}),
            "cell": workbook.add_format({"border": 1}),
            "rate": workbook.add_format({"border": 1, "num_format": "0.00"}),
        }
        for report in objs:
            # the tables are the ones shown on screen: the record was computed before printing
            sheet = workbook.add_worksheet(f"{report.year}-{report.month.zfill(2)}")
            sheet.set_column(0, 0, 28)
            sheet.set_column(1, len(LINE_FIGURES), 12)
            row = self._write_summary(sheet, report, styles)
            for fname in ("channel_line_ids", "category_line_ids", "village_line_ids"):
                row = self._write_table(sheet, row, self._label(report._name, fname), report[fname], styles)
