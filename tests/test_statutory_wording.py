"""The Chinese words of the statutory steps, as the 信访工作条例 names them."""

from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged

PO = Path(__file__).resolve().parents[1] / "xinfang_petition" / "i18n" / "zh_CN.po"


@tagged("post_install", "-at_install")
class TestStatutoryWording(TransactionCase):
    def test_routing_to_another_statutory_route_is_not_called_forwarding(self):
        # 诉访分离: a matter for a court, arbitration or reconsideration is guided into that route
        # (导入法定途径); 转送 is forwarding a petition to the competent organ, another step
        translations = {entry.msgid: entry.msgstr for entry in polib.pofile(str(PO))}
        for msgid in ("Redirect", "Redirected", "Redirect Reason", "Non-acceptance / Routing Notice"):
            with self.subTest(msgid=msgid):
                self.assertIn("法定途径", translations[msgid])
                self.assertNotIn("转送", translations[msgid])
