"""The form's buttons and the model's step table say the same thing about who takes each step.

A button's ``groups=`` only hides it; the model refuses the step to other roles (``_step_groups``).
When the two drift apart a user sees a button that answers with an access error, or a role keeps a
step the screen no longer shows. Every header button of every workflow model's form is compared.
"""

from pathlib import Path

from odoo.addons.xinfang_petition.models.xinfang_workflow_state import button_step
from odoo.tests import TransactionCase, tagged

README_TABLE_START = "| record | step | roles that may take it |"


@tagged("post_install", "-at_install")
class TestStepButtons(TransactionCase):
    def workflow_models(self):
        guard = self.env.registry["xinfang.workflow.state"]
        return [name for name, model in self.env.registry.items()
                if not model._abstract and not model._transient and issubclass(model, guard)]

    def test_every_workflow_model_declares_its_steps(self):
        models = self.workflow_models()
        for expected in ("xinfang.petition", "xinfang.assignment", "xinfang.extension"):
            self.assertIn(expected, models)
        for name in models:
            with self.subTest(model=name):
                Model = self.env[name]
                self.assertTrue(Model._step_groups, f"{name} declares no step table")
                self.assertTrue(Model._transitions, f"{name} declares no transition table")
                states = {key for key, _label in Model._fields["state"].selection} \
                    if isinstance(Model._fields["state"].selection, list) else set(Model._transitions)
                for source, targets in Model._transitions.items():
                    self.assertLessEqual({source, *targets}, states, f"{name}: unknown state in its transitions")
                for step, groups in Model._step_groups.items():
                    self.assertTrue(callable(getattr(Model, f"action_{step}", None))
                                    or name == "xinfang.petition", f"{name}: no method for step {step}")
                    for group in groups:
                        self.assertTrue(self.env.ref(group, raise_if_not_found=False), f"{name}: {group} unknown")

    def test_header_buttons_carry_the_groups_of_their_step(self):
        for name in self.workflow_models():
            Model = self.env[name]
            for button in Model._step_buttons():
                step = button_step(button)
                if step is None:
                    continue  # a button of another module (the tier validation's) or an action
                with self.subTest(model=name, button=button.get("name"), step=step):
                    self.assertIn(step, Model._step_groups,
                                  f"{name}: header button {button.get('name')} is not a declared step")
                    groups = {g.strip() for g in (button.get("groups") or "").split(",") if g.strip()}
                    self.assertEqual(groups, set(Model._step_groups[step]),
                                     f"{name}: the button of step {step} shows to other roles than the step allows")

    def test_readme_lists_who_takes_each_step(self):
        """README's step table is the model's: regenerate it from this test's message when it drifts."""
        expected = self.step_table()
        readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
        start = readme.index(README_TABLE_START)
        documented = readme[start:readme.index("\n\n", start)].strip()
        self.assertEqual(documented, expected, "README's step table differs from the models'; it should read:\n"
                         + expected)

    def step_table(self):
        lines = [README_TABLE_START, "| --- | --- | --- |"]
        for name in sorted(self.workflow_models()):
            Model = self.env[name].with_context(lang="en_US")
            for step, groups in Model._step_groups.items():
                roles = ", ".join(self.env.ref(group).name for group in groups)
                lines.append(f"| {Model._description} | {step} | {roles} |")
        return "\n".join(lines)
