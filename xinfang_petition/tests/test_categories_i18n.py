"""Categories read and search in the user's language; the OCA approval terms ship in Chinese."""

from lxml import etree

from odoo.tests import tagged
from odoo.tools.translate import code_translations

from .common import XinfangCase

ZH = "zh_CN"


@tagged("post_install", "-at_install")
class TestCategoriesI18n(XinfangCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the test database may have English only: activate Chinese and load the terms as
        # ``--load-language zh_CN`` would (the module terms go into the database by SQL)
        cls.env["res.lang"]._activate_lang(ZH)
        cls.env["ir.module.module"]._load_module_terms(["base_tier_validation", "xinfang_petition"], [ZH])
        cls.civil = cls.env.ref("xinfang_petition.category_civil")
        cls.neighbour = cls.env.ref("xinfang_petition.category_neighbour")
        cls.homestead = cls.env.ref("xinfang_petition.category_homestead")
        cls.roads = cls.env.ref("xinfang_petition.category_roads")

    def _zh(self, records):
        return records.with_context(lang=ZH)

    def _en(self, records):
        return records.with_context(lang="en_US")

    def test_full_path_is_stored_in_each_language(self):
        self.assertEqual(self._zh(self.homestead).complete_name, "国土资源 / 宅基地")
        self.assertEqual(self._zh(self.homestead).display_name, "国土资源 / 宅基地")
        self.assertEqual(self._en(self.homestead).display_name, "Land and Resources / Homestead")
        self.assertEqual(self._zh(self.neighbour).display_name, "民政 / 邻里纠纷")

    def test_name_search_finds_chinese_names_and_their_subcategories(self):
        Category = self.env["xinfang.category"].with_user(self.user_staff)
        found = {cid for cid, _name in self._zh(Category).name_search("民政")}
        self.assertIn(self.civil.id, found)
        self.assertIn(self.neighbour.id, found, "a subcategory matches through its path")
        self.assertIn(self.neighbour.id, {cid for cid, _name in self._zh(Category).name_search("邻里")})
        labels = dict(self._zh(Category).name_search("邻里"))
        self.assertEqual(labels[self.neighbour.id], "民政 / 邻里纠纷")
        # the Chinese names are not what an English reader searches
        self.assertFalse(self._en(Category).name_search("民政"))
        self.assertIn(self.neighbour.id, {cid for cid, _name in self._en(Category).name_search("Neighbour")})

    def test_roads_are_found_in_chinese(self):
        """道路 finds the Transport / Roads and Bridges category (shipped with its Chinese name)."""
        Category = self._zh(self.env["xinfang.category"].with_user(self.user_staff))
        self.assertEqual(dict(Category.name_search("道路")).get(self.roads.id), "交通运输 / 道路桥梁")

    def test_petitions_filter_group_and_export_by_the_translated_path(self):
        petition = self.registered(category_id=self.neighbour.id)
        other = self.registered()
        Petition = self._zh(self.env["xinfang.petition"].with_user(self.user_staff))
        # the search view's 问题类别 field searches the category by name
        found = Petition.search([("category_id", "ilike", "邻里"), ("id", "in", (petition | other).ids)])
        self.assertEqual(found, petition)
        self.assertFalse(
            self._en(Petition).search([("category_id", "ilike", "邻里"), ("id", "in", (petition | other).ids)]))
        # pivots and grouped lists label the group with the category's translated path
        groups = Petition.formatted_read_group([("id", "in", (petition | other).ids)], ["category_id"], ["__count"])
        labels = {group["category_id"][1] for group in groups}
        self.assertEqual(labels, {"民政 / 邻里纠纷", "国土资源"})
        # exports and PDFs print the display name
        self.assertEqual(Petition.browse(petition.id).export_data(["category_id"])["datas"], [["民政 / 邻里纠纷"]])
        self.assertEqual(self._en(Petition).browse(petition.id).export_data(["category_id"])["datas"],
                         [["Civil Affairs / Neighbourhood Disputes"]])

    def test_ordering_follows_the_reader_language(self):
        Category = self.env["xinfang.category"]
        categories = self.civil | self.neighbour | self.homestead
        self.assertEqual(self._en(Category).search([("id", "in", categories.ids)]).mapped("code"),
                         ["CIV", "CIV-03", "LAND-03"])  # Civil ... < Land ...
        self.assertEqual(self._zh(Category).search([("id", "in", categories.ids)]).mapped("code"),
                         ["LAND-03", "CIV", "CIV-03"])  # 国土资源 ... < 民政 ...

    def test_renaming_in_one_language_updates_the_paths_below_in_that_language_only(self):
        self._zh(self.civil).with_user(self.user_director).write({"name": "民政事务"})
        self.assertEqual(self._zh(self.neighbour).complete_name, "民政事务 / 邻里纠纷")
        self.assertEqual(self._en(self.neighbour).complete_name, "Civil Affairs / Neighbourhood Disputes")
        self._en(self.civil).with_user(self.user_director).write({"name": "Civil and Social Affairs"})
        self.assertEqual(self._en(self.neighbour).complete_name, "Civil and Social Affairs / Neighbourhood Disputes")
        self.assertEqual(self._zh(self.neighbour).complete_name, "民政事务 / 邻里纠纷")

    def test_translation_dialog_updates_the_paths(self):
        self.civil.with_user(self.user_director).update_field_translations("name", {ZH: "民政救助"})
        self.assertEqual(self._zh(self.neighbour).complete_name, "民政救助 / 邻里纠纷")
        self.assertEqual(self._en(self.neighbour).complete_name, "Civil Affairs / Neighbourhood Disputes")

    def test_new_category_created_in_chinese(self):
        child = self._zh(self.env["xinfang.category"]).with_user(self.user_director).create(
            {"name": "低保复核", "parent_id": self.civil.id})
        self.assertEqual(self._zh(child).complete_name, "民政 / 低保复核")
        self.assertEqual(self._en(child).complete_name, "Civil Affairs / 低保复核")

    def test_loading_translations_restores_stale_paths(self):
        """Translations arrive by SQL (``-u``, ``--load-language``, ``--i18n-overwrite``): the paths follow."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE xinfang_category SET complete_name = jsonb_build_object('en_US', complete_name->>'en_US') "
            "WHERE id = %s", [self.neighbour.id])
        self.env.invalidate_all()
        self.assertEqual(self._zh(self.neighbour).complete_name, "Civil Affairs / Neighbourhood Disputes")
        self.env["ir.module.module"]._load_module_terms(["xinfang_petition"], [ZH], overwrite=True)
        self.assertEqual(self._zh(self.neighbour).complete_name, "民政 / 邻里纠纷")


@tagged("post_install", "-at_install")
class TestTierValidationTermsI18n(XinfangCase):
    """base_tier_validation has no Chinese for most of what a leader sees: the addon ships it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(ZH)
        cls.env["ir.module.module"]._load_module_terms(["base_tier_validation", "xinfang_petition"], [ZH])

    def _extension(self):
        petition = self.handling()
        extension = self.env["xinfang.extension"].with_user(self.user_staff).create(
            {"petition_id": petition.id, "days": 30, "reason": "Land survey needed"})
        extension.action_request()
        return extension

    def _buttons(self, model):
        arch = etree.fromstring(model.get_view(view_type="form")["arch"])
        return {button.get("name"): button.get("string") for button in arch.iter("button")}

    def test_status_labels_of_the_petition_models(self):
        for model in ("xinfang.extension", "xinfang.assignment"):
            selection = dict(self.env[model].with_context(lang=ZH).fields_get(["validation_status"])
                             ["validation_status"]["selection"])
            self.assertEqual(selection["validated"], "已批准", model)
            self.assertEqual(selection["pending"], "待审批", model)
            english = dict(self.env[model].with_context(lang="en_US").fields_get(["validation_status"])
                           ["validation_status"]["selection"])
            self.assertEqual(english["validated"], "Validated")

    def test_buttons_and_banner_of_the_form(self):
        extension = self._extension()
        buttons = self._buttons(self.env["xinfang.extension"].with_user(self.user_leader).with_context(lang=ZH))
        self.assertEqual(buttons["validate_tier"], "批准")
        self.assertEqual(buttons["reject_tier"], "驳回")
        self.assertEqual(buttons["restart_validation"], "重新审批")
        self.assertEqual(buttons["request_validation"], "提交审批")
        english = self._buttons(self.env["xinfang.extension"].with_user(self.user_leader).with_context(lang="en_US"))
        self.assertEqual(english["restart_validation"], "Restart Validation")
        banner = extension.with_user(self.user_leader).with_context(lang=ZH).to_validate_message
        self.assertIn("审批", banner)
        self.assertNotIn("needs to be validated", banner)

    def test_chatter_messages_are_translated_code_terms(self):
        extension = self._extension().with_user(self.user_staff).with_context(lang=ZH)
        body = extension._notify_created_review_body()
        self.assertEqual(body, f"{self.user_staff.name} 提交了一条待审批记录。")
        self.assertEqual(extension.with_context(lang="en_US")._notify_created_review_body(),
                         f"A record to be reviewed has been created by {self.user_staff.name}.")
        # the review widget's own strings (OWL templates) reach the web client too, OCA's where it has them
        web = {message["id"]: message["string"]
               for message in code_translations.get_web_translations("base_tier_validation", ZH)["messages"]}
        self.assertEqual(web["Todo by"], "待办人")
        self.assertEqual(web["Pending"], "待审批")

    def test_overwriting_the_oca_terms_keeps_ours(self):
        """``-u base_tier_validation --i18n-overwrite`` reloads OCA's file first, then ours again."""
        self.env["ir.module.module"]._load_module_terms(["base_tier_validation"], [ZH], overwrite=True)
        selection = dict(self.env["xinfang.extension"].with_context(lang=ZH).fields_get(["validation_status"])
                         ["validation_status"]["selection"])
        self.assertEqual(selection["waiting"], "等待中")
        self.assertEqual(self._buttons(self.env["xinfang.extension"].with_context(lang=ZH))["validate_tier"], "批准")

    def test_systray_names_the_document_kind_in_the_reader_language(self):
        self._extension()
        groups = self.env["res.users"].with_user(self.user_leader).with_context(lang=ZH).review_user_count()
        names = {group["model"]: group["name"] for group in groups}
        self.assertEqual(names.get("xinfang.extension"), "办理期限延期")
        # and so does the banner's fallback ("此办理期限延期需要审批")
        self.assertEqual(self.env["xinfang.extension"].with_context(lang=ZH)._get_to_validate_message_name(),
                         "办理期限延期")
