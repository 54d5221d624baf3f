#!/usr/bin/env bash
# Run the demo township and budget loaders on a copy of DB (a small township) so that `make run`'s
# data path is exercised by `make test` too.
source "$(dirname "$0")/lib.sh"
SRC=$1; COPY="${SRC}_demo"
step "load the demo township (${XINFANG_DEMO_PETITIONS:=40} petitions) and budget into a copy of $SRC"
dropdb --if-exists "$COPY"
createdb -T "$SRC" "$COPY" || die "could not copy $SRC"
export XINFANG_DEMO_PETITIONS
"$ROOT/scripts/odoo.sh" -d "$COPY" --load-language=zh_CN --stop-after-init --log-level=warn \
  || die "loading Chinese into $COPY failed"
"$ROOT/scripts/odoo.sh" shell -d "$COPY" --log-level=warn --no-http < "$ROOT/data/load_township.py" \
  || die "the township loader failed"
"$ROOT/scripts/odoo.sh" shell -d "$COPY" --log-level=warn --no-http < "$ROOT/data/load_budget.py" \
  || die "the budget loader failed"
"$ROOT/scripts/odoo.sh" shell -d "$COPY" --log-level=warn --no-http < "$ROOT/data/load_village_work.py" \
  || die "the village work loader failed"
psql -d "$COPY" -Atqc "select 1 from ir_config_parameter where key='xinfang.demo_township_loaded'" | grep -q 1 \
  || die "the township loader did not finish"
states=$(psql -d "$COPY" -Atqc "select count(distinct state) from xinfang_petition")
[ "$states" -ge 5 ] || die "the demo petitions cover only $states states"
"$ROOT/scripts/odoo.sh" shell -d "$COPY" --log-level=warn --no-http < "$ROOT/scripts/check_demo_assessment.py" \
  || die "the demo township's assessment differs from the independent SQL computation"
users=$(psql -d "$COPY" -Atqc "select count(*) from res_users where login in ('leader','deputy','director','staff','handler','mediator','finance','jijian')")
[ "$users" -eq 8 ] || die "expected the 8 demo role logins, found $users"
# The leader case of a closed petition is closed, its four duties done, each with a date, a note and evidence
open_cases=$(psql -d "$COPY" -Atqc "
  select count(distinct c.id) from xinfang_leader_case c
    join xinfang_leader_case_petition_rel r on r.case_id = c.id
    join xinfang_petition p on p.id = r.petition_id
   where p.state = 'closed' and c.state != 'cancel'
     and (c.state != 'done' or (select count(*) from xinfang_leader_case_duty d
                                 where d.case_id = c.id and d.done and d.date is not null and d.note is not null
                                   and exists (select 1 from xinfang_leader_case_duty_attachment_rel a
                                                where a.duty_id = d.id)) < 4)")
[ "$open_cases" -eq 0 ] || die "$open_cases leader cases of closed petitions lack their four duties done with evidence"
closed_cases=$(psql -d "$COPY" -Atqc "select count(*) from xinfang_leader_case where state = 'done'")
# A few approvals wait for the leaders: extension requests and assignments of major petitions (when the
# township has a petition accepted, or in handling for 20 to 58 days; a small one may have none)
waiting=$(psql -d "$COPY" -Atqc "
  select count(distinct (t.model, t.res_id)) from tier_review t
    left join xinfang_extension e on t.model = 'xinfang.extension' and e.id = t.res_id and e.state = 'draft'
    left join xinfang_assignment a on t.model = 'xinfang.assignment' and a.id = t.res_id and a.state = 'draft'
   where t.status = 'pending' and coalesce(e.id, a.id) is not null")
candidates=$(psql -d "$COPY" -Atqc "select count(*) from xinfang_petition where state = 'accepted'
  or (state = 'handling' and not simplified and accept_date between current_date - 58 and current_date - 20)")
[ "$candidates" -eq 0 ] || [ "$waiting" -ge 1 ] || die "no extension or assignment waits for a leader's approval"
# The start page and the village board have their day: today's reception leader, every village contracted
# and holding its routine meetings with attendance recorded, a collective visit whose clock runs
today_roster=$(psql -d "$COPY" -Atqc "select count(*) from xinfang_reception_day where date = current_date and published")
[ "$today_roster" -eq 1 ] || die "no published reception leader today"
uncontracted=$(psql -d "$COPY" -Atqc "select count(*) from hr_department d where d.xinfang_unit_type = 'village'
  and not exists (select 1 from xinfang_village_contract c where c.village_id = d.id and c.active)")
[ "$uncontracted" -eq 0 ] || die "$uncontracted villages without a contracting leader"
meetings=$(psql -d "$COPY" -Atqc "select count(*) from xinfang_meeting m where m.meeting_type = 'village'
  and m.state = 'held' and exists (select 1 from xinfang_meeting_attendee_rel r where r.meeting_id = m.id)")
[ "$meetings" -ge 100 ] || die "only $meetings village meetings held with attendance"
running=$(psql -d "$COPY" -Atqc "select count(*) from xinfang_collective_visit where state = 'reported'
  and arrival_deadline > now() at time zone 'utc'")
[ "$running" -ge 1 ] || die "no collective visit with a running arrival clock"
dropdb --if-exists "$COPY"
echo "demo loaders work: $states petition states, 8 demo role users, $closed_cases leader cases closed with" \
  "their duties, $waiting approvals waiting for the leaders, $meetings village meetings held, today's reception" \
  "leader on the roster"
