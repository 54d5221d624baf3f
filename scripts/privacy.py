# Keep the township's data in the township: an `odoo shell` script (stdin), see README "Privacy".
#
#   scripts/odoo.sh shell -d DB --no-http < scripts/privacy.py        (make privacy DB=DB)
#
# 1. With XINFANG_INSTALL=addon,addon (scripts/create_db.sh, on a database created with `-i base
#    --skip-auto-install`): installs the addons and what Odoo would auto-install with them and with `base`,
#    except the modules below, which would otherwise come with `base`, `mail`, `account` and the HTML editor.
# 2. Uninstalls those modules where they are installed (an existing database), unless a module the office
#    installed itself needs one of them: that one stays and is named.
# 3. Switches off the two outbound calls that are not modules: the weekly "Publisher: Update Notification"
#    (hidden from the Scheduled Actions list) and the server-side link previews of URLs posted in the chatter.
# Idempotent: a second run changes nothing.
import os

# Modules that call outside servers: Odoo's IAP services (company enrichment on the administrator's first
# page load, SMS, letters by post) and Unsplash image search. Nothing of xinfang needs them.
CALLING_OUT = ("iap", "iap_mail", "partner_autocomplete", "sms", "snailmail", "snailmail_account", "web_unsplash")


def install(env, names):
    Module = env["ir.module.module"]
    Module.update_list()
    # button_install picks auto-installable modules from this flag (the next update_list restores it from
    # the manifests, once the modules to install are decided)
    Module.search([("name", "in", CALLING_OUT)]).write({"auto_install": False})
    addons = Module.search([("name", "in", names)])
    missing = set(names) - set(addons.mapped("name"))
    if missing:
        raise SystemExit(f"unknown addons: {sorted(missing)}")
    # The database was created with --skip-auto-install (else `iap` and `web_unsplash` would come with
    # `base`): add what Odoo auto-installs on `base` alone (e.g. `rpc`, the XML-RPC/JSON-RPC endpoints).
    countries = env["res.company"].search([]).country_id
    on_base = Module.search([("auto_install", "=", True), ("state", "=", "uninstalled")]).filtered(
        lambda m: all(dep.state == "installed" for dep in m.dependencies_id if dep.auto_install_required)
        and (not m.country_ids or m.country_ids & countries))
    (addons | on_base).button_immediate_install()  # commits and reloads the registry
    return env(context={})


def uninstall(env):
    Module = env["ir.module.module"]
    installed = Module.search([("name", "in", CALLING_OUT), ("state", "=", "installed")])
    kept = Module
    for module in installed:
        needed_by = module.downstream_dependencies().filtered(lambda m: m.name not in CALLING_OUT)
        if needed_by:
            kept |= module
            print(f"privacy: {module.name} kept, needed by {', '.join(sorted(needed_by.mapped('name')))}")
    # a module kept keeps the calling-out modules it depends on
    kept |= kept.upstream_dependencies(exclude_states=("uninstalled", "uninstallable", "to remove")).filtered(
        lambda m: m.name in CALLING_OUT)
    to_remove = installed - kept
    if to_remove:
        print(f"privacy: uninstalling {', '.join(sorted(to_remove.mapped('name')))}")
        to_remove.button_immediate_uninstall()  # commits and reloads the registry
        env = env(context={})
    return env, sorted(kept.mapped("name"))


def switch_off_calls(env):
    cron = env.ref("mail.ir_cron_module_update_notification", raise_if_not_found=False)
    if cron and cron.active:
        cron.active = False
        print("privacy: scheduled action 'Publisher: Update Notification' archived")
    Param = env["ir.config_parameter"].sudo()
    if Param.get_param("mail.link_preview_throttle") != "0":
        Param.set_param("mail.link_preview_throttle", "0")
        print("privacy: link previews of chatter URLs switched off (mail.link_preview_throttle = 0)")
    env.cr.commit()


def main(env):
    names = [name for name in os.environ.get("XINFANG_INSTALL", "").split(",") if name]
    if names:
        env = install(env, names)
    env, kept = uninstall(env)
    switch_off_calls(env)
    env.invalidate_all()
    left = env["ir.module.module"].search([("name", "in", CALLING_OUT), ("state", "!=", "uninstalled")])
    unexpected = sorted(set(left.mapped("name")) - set(kept))
    if unexpected:
        raise SystemExit(f"privacy: still installed: {unexpected}")
    print(f"privacy: {env.cr.dbname} has none of {', '.join(CALLING_OUT)}"
          + (f" except {', '.join(kept)} (needed by other modules)" if kept else ""))


main(env)  # noqa: F821 (odoo shell)
