"""Read the spreadsheet exports of the referring bodies (12345 platform, national 信访信息系统) into rows.

Plain Python apart from the messages: every refusal is a ``UserError`` in the user's language, raised
before anything is written, so a bad file leaves nothing behind.
"""
import csv
import io
import zipfile
from datetime import date, datetime

from odoo.exceptions import UserError

# A township's export of a day or a month is a few hundred rows and well under a megabyte.
MAX_FILE_BYTES = 5 * 1024 * 1024
# an xlsx is a zip: refuse before decompressing what would not fit in memory (zip bombs)
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 2000
# the exports may put a title line or two above the header line
HEADER_SCAN_ROWS = 10
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # gb18030 reads every GBK file


def read_rows(env, data, filename):
    """The sheets of an export as lists of rows (lists of cell values: str, date, datetime or number).

    :raise UserError: empty, too large, not an xlsx or csv file, formulas, too many rows
    """
    if not data:
        raise UserError(env._("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise UserError(env._(
            "The file is too large (%(size)s MB; at most %(limit)s MB): export a shorter period.",
            size=round(len(data) / 1024 / 1024, 1), limit=MAX_FILE_BYTES // 1024 // 1024))
    extension = (filename or "").rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""
    if data.startswith(XLS_MAGIC):
        raise UserError(env._(
            "This is an old Excel (.xls) file: open it in Excel or WPS and save it as .xlsx, or export CSV."))
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(env, data)
    if extension not in ("csv", "txt", ""):
        raise UserError(env._("Choose the export as an .xlsx or .csv file (not .%(extension)s).",
                              extension=extension))
    return [_read_csv(env, data)]


def _read_xlsx(env, data):
    import openpyxl  # only the import wizard needs it

    bad = UserError(env._("The file cannot be read as an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise bad
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise UserError(env._("The workbook is too large once unpacked: export a shorter period."))
    # NotImplementedError: a corrupted header can ask for a zip feature Python does not have
    # (a "zip file version" above 6.3: found by the fuzz test, kept as its @example)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise bad from None
    try:
        # data_only=False: a formula reads as its text, so it can be refused (its cached value may be stale)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a corrupt workbook
        raise bad from None
    try:
        sheets, total = [], 0
        for sheet in workbook.worksheets:
            rows = []
            for row in sheet.iter_rows():
                values = [_xlsx_value(env, sheet, cell) for cell in row]
                if any(value not in (None, "") for value in values):
                    total += 1
                    rows.append(values)
                if total > MAX_ROWS + HEADER_SCAN_ROWS:
                    raise _too_many(env)
            sheets.append(rows)
    except UserError:
        raise
    except Exception:  # a corrupt sheet shows only while it is read
        raise bad from None
    finally:
        workbook.close()
    return sheets


def _xlsx_value(env, sheet, cell):
    if getattr(cell, "data_type", None) == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
        raise UserError(env._(
            "Cell %(cell)s of sheet %(sheet)s holds a formula: import the platform's export as it was "
            "downloaded, or paste the values only.",
            cell=getattr(cell, "coordinate", "?"), sheet=sheet.title))
    value = cell.value
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read_csv(env, data):
    if b"\x00" in data:
        raise UserError(env._("The file is not a text (CSV) file: choose the .xlsx or .csv export."))
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UserError(env._("The CSV file is neither UTF-8 nor GBK encoded."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            values = [value.strip() for value in row]
            if any(values):
                rows.append(values)
            if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise _too_many(env)
    except csv.Error as error:
        raise UserError(env._("The CSV file is malformed: %(error)s", error=str(error))) from None
    return rows


def _too_many(env):
    return UserError(env._("The file has more than %(limit)s rows: export a shorter period.", limit=MAX_ROWS))


def cell_text(value):
    """A cell as text: numbers without a trailing .0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


def cell_date(value):
    """A cell as a date, or None when it holds none; ValueError when it holds something else."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    # "2026-11-30 09:15:00", "2026-11-30T09:15", "2026年11月30日 09时"
    head = text.replace("T", " ").split(" ")[0]
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(head, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)
