"""county supervision: data checks, warnings, silent checks, proactive discovery, spot checks, real-name reports

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 22:39:56.820592
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('discovery_ref_items',
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('visit_interval_days', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discovery_ref_items')),
    sa.UniqueConstraint('kind', 'code', name='uq_discovery_ref_items_kind_code')
    )
    op.create_table('screening_campaigns',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('township_code', sa.String(length=12), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('cycle_months', sa.Integer(), nullable=False),
    sa.Column('group_codes_json', sa.String(length=400), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_campaigns'))
    )
    op.create_table('silent_check_runs',
    sa.Column('run_on', sa.Date(), nullable=False),
    sa.Column('run_by', sa.String(length=36), nullable=False),
    sa.Column('checked', sa.Integer(), nullable=False),
    sa.Column('baselined', sa.Integer(), nullable=False),
    sa.Column('changed', sa.Integer(), nullable=False),
    sa.Column('warnings_raised', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_silent_check_runs'))
    )
    op.create_table('spot_check_draws',
    sa.Column('cohort', sa.String(length=7), nullable=False),
    sa.Column('scope_code', sa.String(length=12), nullable=False),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('drawn_on', sa.Date(), nullable=False),
    sa.Column('drawn_by', sa.String(length=36), nullable=False),
    sa.Column('population', sa.Integer(), nullable=False),
    sa.Column('population_json', sa.Text(), nullable=False),
    sa.Column('sample_size', sa.Integer(), nullable=False),
    sa.Column('field_size', sa.Integer(), nullable=False),
    sa.Column('took_everything', sa.Boolean(), nullable=False),
    sa.Column('message', sa.String(length=400), nullable=False),
    sa.Column('rule_versions_json', sa.String(length=400), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spot_check_draws'))
    )
    with op.batch_alter_table('spot_check_draws', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spot_check_draws_cohort'), ['cohort'], unique=False)

    op.create_table('warning_import_batches',
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('imported_on', sa.Date(), nullable=False),
    sa.Column('imported_by', sa.String(length=36), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('rows_imported', sa.Integer(), nullable=False),
    sa.Column('rows_rejected', sa.Integer(), nullable=False),
    sa.Column('unknown_columns_json', sa.Text(), nullable=False),
    sa.Column('report_json', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_warning_import_batches'))
    )
    with op.batch_alter_table('warning_import_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_warning_import_batches_file_sha256'), ['file_sha256'], unique=False)

    op.create_table('silent_check_prints',
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('run_id', sa.Uuid(), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('parts_json', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_silent_check_prints_household_id_households')),
    sa.ForeignKeyConstraint(['run_id'], ['silent_check_runs.id'], name=op.f('fk_silent_check_prints_run_id_silent_check_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_silent_check_prints'))
    )
    with op.batch_alter_table('silent_check_prints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_silent_check_prints_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_silent_check_prints_run_id'), ['run_id'], unique=False)

    op.create_table('data_check_requests',
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('township_code', sa.String(length=12), nullable=False),
    sa.Column('county_code', sa.String(length=12), nullable=False),
    sa.Column('renhu_fenli', sa.Boolean(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('requested_by', sa.String(length=36), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('provisional', sa.Boolean(), nullable=False),
    sa.Column('rule_version', sa.String(length=100), nullable=False),
    sa.Column('calendar_version', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_data_check_requests_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_check_requests'))
    )
    with op.batch_alter_table('data_check_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_check_requests_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_check_requests_county_code'), ['county_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_check_requests_township_code'), ['township_code'], unique=False)

    op.create_table('monitoring_warnings',
    sa.Column('external_no', sa.String(length=64), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('batch_id', sa.Uuid(), nullable=True),
    sa.Column('source_dept', sa.String(length=32), nullable=False),
    sa.Column('warning_type', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.String(length=2000), nullable=False),
    sa.Column('pushed_on', sa.Date(), nullable=False),
    sa.Column('subject_name', sa.String(length=64), nullable=False),
    sa.Column('subject_id_number', sa.String(length=24), nullable=False),
    sa.Column('subject_id_last4', sa.String(length=4), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=True),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('dedupe_key', sa.String(length=64), nullable=False),
    sa.Column('township_code', sa.String(length=12), nullable=True),
    sa.Column('assigned_to', sa.String(length=36), nullable=True),
    sa.Column('assigned_to_name', sa.String(length=64), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('provisional', sa.Boolean(), nullable=False),
    sa.Column('rule_version', sa.String(length=100), nullable=False),
    sa.Column('calendar_version', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('home_visited_on', sa.Date(), nullable=True),
    sa.Column('verification_method', sa.String(length=32), nullable=False),
    sa.Column('findings', sa.String(length=2000), nullable=False),
    sa.Column('disposition', sa.String(length=16), nullable=True),
    sa.Column('disposition_note', sa.String(length=1000), nullable=False),
    sa.Column('verified_by', sa.String(length=36), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closed_by', sa.String(length=36), nullable=True),
    sa.Column('data_view_status', sa.String(length=16), nullable=True),
    sa.Column('data_view_requested_on', sa.Date(), nullable=True),
    sa.Column('data_view_reason', sa.String(length=1000), nullable=False),
    sa.Column('data_view_answer', sa.String(length=2000), nullable=False),
    sa.Column('data_view_answered_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['warning_import_batches.id'], name=op.f('fk_monitoring_warnings_batch_id_warning_import_batches')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_monitoring_warnings_household_id_households')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_monitoring_warnings_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_warnings'))
    )
    with op.batch_alter_table('monitoring_warnings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_warnings_dedupe_key'), ['dedupe_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_warnings_external_no'), ['external_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_warnings_household_id'), ['household_id'], unique=False)
        batch_op.create_index('ix_monitoring_warnings_status_due_on', ['status', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_warnings_township_code'), ['township_code'], unique=False)

    op.create_table('real_name_reports',
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('reporter_name', sa.String(length=64), nullable=False),
    sa.Column('reporter_contact', sa.String(length=64), nullable=False),
    sa.Column('township_code', sa.String(length=12), nullable=True),
    sa.Column('household_id', sa.Uuid(), nullable=True),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('content', sa.String(length=2000), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('verified_on', sa.Date(), nullable=True),
    sa.Column('verifier', sa.String(length=64), nullable=False),
    sa.Column('verification_result', sa.String(length=2000), nullable=False),
    sa.Column('reply_on', sa.Date(), nullable=True),
    sa.Column('reply_method', sa.String(length=16), nullable=False),
    sa.Column('reply_text', sa.String(length=2000), nullable=False),
    sa.Column('recorded_by', sa.String(length=36), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_real_name_reports_case_id_cases')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_real_name_reports_household_id_households')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_real_name_reports'))
    )
    with op.batch_alter_table('real_name_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_real_name_reports_received_on'), ['received_on'], unique=False)

    op.create_table('data_check_reports',
    sa.Column('request_id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('report_no', sa.String(length=64), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('items_json', sa.Text(), nullable=False),
    sa.Column('conclusion', sa.String(length=16), nullable=False),
    sa.Column('conclusion_text', sa.String(length=2000), nullable=False),
    sa.Column('scan_attachment_id', sa.Uuid(), nullable=True),
    sa.Column('recorded_by', sa.String(length=36), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_data_check_reports_case_id_cases')),
    sa.ForeignKeyConstraint(['request_id'], ['data_check_requests.id'], name=op.f('fk_data_check_reports_request_id_data_check_requests')),
    sa.ForeignKeyConstraint(['scan_attachment_id'], ['attachments.id'], name=op.f('fk_data_check_reports_scan_attachment_id_attachments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_check_reports'))
    )
    with op.batch_alter_table('data_check_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_check_reports_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_check_reports_request_id'), ['request_id'], unique=False)

    op.create_table('discovery_visits',
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('visitor_name', sa.String(length=64), nullable=False),
    sa.Column('visitor_user_id', sa.String(length=36), nullable=True),
    sa.Column('team_code', sa.String(length=16), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=True),
    sa.Column('household_label', sa.String(length=200), nullable=False),
    sa.Column('township_code', sa.String(length=12), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=True),
    sa.Column('group_codes_json', sa.String(length=400), nullable=False),
    sa.Column('findings', sa.String(length=2000), nullable=False),
    sa.Column('referral', sa.String(length=16), nullable=False),
    sa.Column('referral_case_id', sa.Uuid(), nullable=True),
    sa.Column('referral_warning_id', sa.Uuid(), nullable=True),
    sa.Column('campaign_id', sa.Uuid(), nullable=True),
    sa.Column('form_record_id', sa.String(length=36), nullable=True),
    sa.Column('recorded_by', sa.String(length=36), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['screening_campaigns.id'], name=op.f('fk_discovery_visits_campaign_id_screening_campaigns')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_discovery_visits_household_id_households')),
    sa.ForeignKeyConstraint(['referral_case_id'], ['cases.id'], name=op.f('fk_discovery_visits_referral_case_id_cases')),
    sa.ForeignKeyConstraint(['referral_warning_id'], ['monitoring_warnings.id'], name=op.f('fk_discovery_visits_referral_warning_id_monitoring_warnings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discovery_visits'))
    )
    with op.batch_alter_table('discovery_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discovery_visits_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_discovery_visits_township_code'), ['township_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_discovery_visits_visited_on'), ['visited_on'], unique=False)

    op.create_table('data_check_anomalies',
    sa.Column('report_id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=32), nullable=False),
    sa.Column('description', sa.String(length=400), nullable=False),
    sa.Column('value_text', sa.String(length=200), nullable=False),
    sa.Column('resolution', sa.String(length=16), nullable=False),
    sa.Column('resolution_note', sa.String(length=1000), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('resolved_by', sa.String(length=36), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_data_check_anomalies_case_id_cases')),
    sa.ForeignKeyConstraint(['report_id'], ['data_check_reports.id'], name=op.f('fk_data_check_anomalies_report_id_data_check_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_check_anomalies'))
    )
    with op.batch_alter_table('data_check_anomalies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_check_anomalies_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_check_anomalies_report_id'), ['report_id'], unique=False)

    op.create_table('spot_checks',
    sa.Column('draw_id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('decision_id', sa.Uuid(), nullable=False),
    sa.Column('cohort', sa.String(length=7), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('window_ends_on', sa.Date(), nullable=False),
    sa.Column('check_type', sa.String(length=8), nullable=False),
    sa.Column('near_relative', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('check_date', sa.Date(), nullable=True),
    sa.Column('checkers', sa.String(length=200), nullable=False),
    sa.Column('result', sa.String(length=8), nullable=True),
    sa.Column('problem_desc', sa.String(length=2000), nullable=False),
    sa.Column('rectification', sa.String(length=2000), nullable=False),
    sa.Column('closed_date', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_spot_checks_case_id_cases')),
    sa.ForeignKeyConstraint(['decision_id'], ['case_decisions.id'], name=op.f('fk_spot_checks_decision_id_case_decisions')),
    sa.ForeignKeyConstraint(['draw_id'], ['spot_check_draws.id'], name=op.f('fk_spot_checks_draw_id_spot_check_draws')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spot_checks'))
    )
    with op.batch_alter_table('spot_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spot_checks_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spot_checks_cohort'), ['cohort'], unique=False)
        batch_op.create_index(batch_op.f('ix_spot_checks_draw_id'), ['draw_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('spot_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spot_checks_draw_id'))
        batch_op.drop_index(batch_op.f('ix_spot_checks_cohort'))
        batch_op.drop_index(batch_op.f('ix_spot_checks_case_id'))

    op.drop_table('spot_checks')
    with op.batch_alter_table('data_check_anomalies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_check_anomalies_report_id'))
        batch_op.drop_index(batch_op.f('ix_data_check_anomalies_case_id'))

    op.drop_table('data_check_anomalies')
    with op.batch_alter_table('discovery_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discovery_visits_visited_on'))
        batch_op.drop_index(batch_op.f('ix_discovery_visits_township_code'))
        batch_op.drop_index(batch_op.f('ix_discovery_visits_household_id'))

    op.drop_table('discovery_visits')
    with op.batch_alter_table('data_check_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_check_reports_request_id'))
        batch_op.drop_index(batch_op.f('ix_data_check_reports_case_id'))

    op.drop_table('data_check_reports')
    with op.batch_alter_table('real_name_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_real_name_reports_received_on'))

    op.drop_table('real_name_reports')
    with op.batch_alter_table('monitoring_warnings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_warnings_township_code'))
        batch_op.drop_index('ix_monitoring_warnings_status_due_on')
        batch_op.drop_index(batch_op.f('ix_monitoring_warnings_household_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_warnings_external_no'))
        batch_op.drop_index(batch_op.f('ix_monitoring_warnings_dedupe_key'))

    op.drop_table('monitoring_warnings')
    with op.batch_alter_table('data_check_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_check_requests_township_code'))
        batch_op.drop_index(batch_op.f('ix_data_check_requests_county_code'))
        batch_op.drop_index(batch_op.f('ix_data_check_requests_case_id'))

    op.drop_table('data_check_requests')
    with op.batch_alter_table('silent_check_prints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_silent_check_prints_run_id'))
        batch_op.drop_index(batch_op.f('ix_silent_check_prints_household_id'))

    op.drop_table('silent_check_prints')
    with op.batch_alter_table('warning_import_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_warning_import_batches_file_sha256'))

    op.drop_table('warning_import_batches')
    with op.batch_alter_table('spot_check_draws', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spot_check_draws_cohort'))

    op.drop_table('spot_check_draws')
    op.drop_table('silent_check_runs')
    op.drop_table('screening_campaigns')
    op.drop_table('discovery_ref_items')
