{
    "name": "Petition Supervision and Leadership",
    "summary": "Leader case ownership, meetings, risk screening, collective visits, assessment and budget",
    "version": "19.0.1.0.0",
    "category": "Services/Petitions",
    "author": "Xinfang Township Team",
    "website": "https://example.invalid/xinfang",
    "license": "LGPL-3",
    "depends": ["xinfang_petition", "account", "hr"],
    "data": [
        "views/xinfang_supervision_menus.xml",
    ],
}
