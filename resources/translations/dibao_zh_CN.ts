<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../ui/dialogs/action_dialog.py" line="99"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../../ui/main.py" line="149"/>
        <source>案件详情</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplicationReferralDialog</name>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="375"/>
        <source>转入低保申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="376"/>
        <source>新建申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="383"/>
        <source>将为该家庭新建低保申请（代为申请，申请方式：代办），家庭仍须签署申请书和授权书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="387"/>
        <source>走访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="388"/>
        <source>走访发现</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="63"/>
        <source>分派调查人员和安排入户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="69"/>
        <source>正在读取…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="73"/>
        <location filename="../../ui/dialogs/assign_dialog.py" line="99"/>
        <source>调查人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="73"/>
        <source>分工</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="73"/>
        <source>分派日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="73"/>
        <location filename="../../ui/dialogs/assign_dialog.py" line="99"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="79"/>
        <source>自动（无主调查人时为主调查人）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="80"/>
        <source>主调查人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="81"/>
        <source>协同调查人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="82"/>
        <source>分派</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="85"/>
        <source>结束选中人员的分派</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="92"/>
        <source>调查人员（入户调查须至少两名）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="99"/>
        <source>日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="99"/>
        <location filename="../../ui/dialogs/assign_dialog.py" line="121"/>
        <source>时段</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="109"/>
        <source>如：上午、14:30</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="112"/>
        <source>备注（可不填），取消入户时填写原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="113"/>
        <source>安排入户（全部已分派人员）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="116"/>
        <source>取消选中的入户安排</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="120"/>
        <source>入户日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="122"/>
        <source>备注</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="126"/>
        <source>入户安排</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="156"/>
        <source>%1 户 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="160"/>
        <source>在办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="162"/>
        <source>已结束 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="171"/>
        <source>（近亲属，须回避）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="173"/>
        <source>（已分派）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="202"/>
        <source>本乡镇没有可分派的调查员账号。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="214"/>
        <source>请先在表中选中一名调查人员。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/assign_dialog.py" line="234"/>
        <source>请先在表中选中一次入户安排。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AssignWarningDialog</name>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="90"/>
        <source>指定核查人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="90"/>
        <source>分派预警</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="93"/>
        <source>分派</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="97"/>
        <source>（请选择乡镇/街道）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="111"/>
        <source>乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="112"/>
        <source>核查人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="118"/>
        <source>（暂不指定，由乡镇安排）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CampaignDialog</name>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="431"/>
        <source>新建摸底排查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="432"/>
        <source>新建</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="435"/>
        <source>如：2026年第四季度常态化摸底排查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="438"/>
        <source>全部乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="442"/>
        <source>设结束日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="453"/>
        <source> 个月</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="455"/>
        <source>按规定（%1 个月）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="457"/>
        <source>按规定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="462"/>
        <source>排查人群（都不选 = 全部启用的人群）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="466"/>
        <source>名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="467"/>
        <source>范围</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="468"/>
        <source>开始日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="469"/>
        <source>结束日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="470"/>
        <source>每轮周期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="472"/>
        <source>备注</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CampaignsView</name>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="527"/>
        <source>名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="528"/>
        <source>范围</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="529"/>
        <source>开始</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="530"/>
        <source>结束</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="531"/>
        <source>周期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="532"/>
        <source>本轮</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="533"/>
        <source>本轮走访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="534"/>
        <source>走访户数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="535"/>
        <source>转介</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="543"/>
        <source>新建排查…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="577"/>
        <source>全部乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="579"/>
        <source>常态化</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="580"/>
        <source>%1 个月</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="581"/>
        <source>第 %1 轮（%2 至 %3）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="586"/>
        <source>不在排查期内</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="610"/>
        <source>选中一次排查查看本轮进度。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="612"/>
        <location filename="../../ui/panels/discovery_panel.py" line="613"/>
        <source>（本轮尚无走访）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="615"/>
        <source>排查人群：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="616"/>
        <source>本轮按人群：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="617"/>
        <source>本轮按队伍：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="620"/>
        <source>备注：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="636"/>
        <source>尚未导入主动发现基础数据，请先在“基础数据”中导入。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="667"/>
        <source>已新建排查“%1”。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseDataChecksTab</name>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="61"/>
        <source>申请信息核对</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="67"/>
        <source>向县级民政部门申请信息核对，县级应在 %1 个工作日内出具报告</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="71"/>
        <source>向县级民政部门申请信息核对，县级应在规定期限内出具报告</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="74"/>
        <source>登记核对报告…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="85"/>
        <location filename="../../ui/panels/case_data_checks.py" line="97"/>
        <source>报告编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="86"/>
        <source>出具日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="87"/>
        <source>收到日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="88"/>
        <source>核对项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="89"/>
        <source>结论</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="90"/>
        <source>理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="91"/>
        <source>扫描件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="98"/>
        <source>项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="99"/>
        <source>异常情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="100"/>
        <source>数值/金额</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="101"/>
        <source>处理情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="102"/>
        <source>说明/计入方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="106"/>
        <source>说明…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="109"/>
        <source>纳入评估…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="123"/>
        <source>县级核对报告</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="125"/>
        <source>核对发现的异常</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="157"/>
        <source>有</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="157"/>
        <source>无</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="179"/>
        <source>有 %1 项核对异常尚未处理：逐项说明或纳入评估之前，不能作出批准或不予批准的决定。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="184"/>
        <source>核对异常均已处理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="187"/>
        <source>尚未收到县级信息核对报告。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="220"/>
        <source>已申请信息核对，县级应于 %1 前出具报告。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="221"/>
        <source>（暂定日历）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="232"/>
        <source>请先在异常列表中选中一项未处理的异常。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="246"/>
        <source>异常“%1”已%2。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_data_checks.py" line="256"/>
        <source>本案的县级信息核对报告</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseDetailPanel</name>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="73"/>
        <source>正在读取…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="106"/>
        <source>%1 户 · %2 · %3 %4 · 状态：%5%6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="116"/>
        <source>近亲属备案户：相关工作人员须回避，县级须全部入户核查。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="118"/>
        <source>部分时限按暂定日历计算，国务院放假通知导入后会自动重算。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="220"/>
        <source>打印…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="227"/>
        <source>补打最低生活保障证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="244"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="244"/>
        <source>与户主关系</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="244"/>
        <source>身份证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="244"/>
        <source>共同生活</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="246"/>
        <source>是</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="246"/>
        <source>否</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="138"/>
        <source>家庭成员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="132"/>
        <source>分派调查人员/安排入户…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="141"/>
        <source>调查表单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="143"/>
        <source>照片</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="146"/>
        <source>环节</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="146"/>
        <location filename="../../ui/panels/case_detail.py" line="159"/>
        <source>时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="146"/>
        <source>开始</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="146"/>
        <source>到期日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="146"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="163"/>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="163"/>
        <source>操作人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="163"/>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="167"/>
        <source>办理记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="170"/>
        <source>缺少的材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="171"/>
        <source>补正材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="186"/>
        <location filename="../../ui/panels/case_detail.py" line="189"/>
        <source>信息核对</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="191"/>
        <source>（%1 项异常待处理）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="252"/>
        <source>显示选中成员的完整身份证号…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="255"/>
        <source>需要再次输入密码，并记入审计日志</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="273"/>
        <source>确认身份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="273"/>
        <source>请再次输入您的密码：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="293"/>
        <source>完整身份证号</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseFormsPanel</name>
    <message>
        <location filename="../../ui/panels/case_forms.py" line="51"/>
        <source>表单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_forms.py" line="51"/>
        <source>版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_forms.py" line="51"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_forms.py" line="51"/>
        <source>填写人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_forms.py" line="93"/>
        <source>已签字锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_forms.py" line="93"/>
        <source>草稿</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseListPanel</name>
    <message>
        <location filename="../../ui/panels/case_list.py" line="54"/>
        <source>输入姓名、身份证号或后四位，回车查找</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_list.py" line="58"/>
        <source>全部村/社区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_list.py" line="61"/>
        <source>全部状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/case_list.py" line="155"/>
        <source>共 %n 件</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CasePhotosTab</name>
    <message>
        <location filename="../../ui/panels/case_photos.py" line="72"/>
        <source>本案还没有照片或扫描件（入户调查表中的照片保存后显示在这里）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_photos.py" line="75"/>
        <source>共 %1 张，双击查看大图</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_photos.py" line="78"/>
        <source>（加载中）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_photos.py" line="103"/>
        <source>（无预览）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_photos.py" line="129"/>
        <source>照片</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_photos.py" line="134"/>
        <source>这张图片无法显示。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChoiceEditor</name>
    <message>
        <location filename="../../ui/forms/editors.py" line="232"/>
        <source>（请选择）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/editors.py" line="236"/>
        <source>按数字键选择，0 清空</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloseWarningDialog</name>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="224"/>
        <source>预警结案</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="225"/>
        <source>结案</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="226"/>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="231"/>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="232"/>
        <source>（尚未登记）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="228"/>
        <source>入户核查：%1 %2
核查情况：%3
处置意见：%4 %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="239"/>
        <source>办结日期</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictsPanel</name>
    <message>
        <location filename="../../ui/panels/conflicts_panel.py" line="46"/>
        <source>记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/conflicts_panel.py" line="47"/>
        <source>字段</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/conflicts_panel.py" line="48"/>
        <source>原值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/conflicts_panel.py" line="49"/>
        <source>县级现值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/conflicts_panel.py" line="50"/>
        <source>另一台电脑的值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/conflicts_panel.py" line="51"/>
        <source>冲突类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/conflicts_panel.py" line="60"/>
        <source>保留县级现值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/conflicts_panel.py" line="63"/>
        <source>采用另一台电脑的值</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/conflicts_panel.py" line="107"/>
        <source>待处理的冲突 %n 条</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/panels/conflicts_panel.py" line="113"/>
        <source>请先选中一条冲突。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/conflicts_panel.py" line="127"/>
        <source>已记录处理结果，下次同步时发送到县级并分发到各台电脑。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CountyDiscoveryPanel</name>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="820"/>
        <source>打开该走访转入的低保申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="825"/>
        <source>摸底排查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="826"/>
        <source>走访记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="827"/>
        <source>人群与队伍</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DataCheckPanel</name>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="65"/>
        <source>无法读取扫描件 %1，请确认文件存在且没有被其他程序占用。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="82"/>
        <source>未出具报告</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="83"/>
        <source>全部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="86"/>
        <source>显示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="92"/>
        <source>乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="93"/>
        <source>户主</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="94"/>
        <source>身份证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="95"/>
        <source>申请日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="96"/>
        <source>应出具报告日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="97"/>
        <source>时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="98"/>
        <source>人户分离</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="107"/>
        <source>登记核对报告…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="110"/>
        <source>打开案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="147"/>
        <source>（剩 %1 个工作日）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="149"/>
        <source>（超 %1 个工作日）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="162"/>
        <source>（暂定日历）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="164"/>
        <source>人户分离（核对机关 %1）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="173"/>
        <source>共 %1 件，已逾期 %2 件，即将到期 %3 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="194"/>
        <location filename="../../ui/panels/data_check_panel.py" line="203"/>
        <source>请先在列表中选中一件核对申请。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="206"/>
        <source>该申请已出具报告。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="209"/>
        <source>%1 %2（%3），%4 申请，应于 %5 前出具报告</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="225"/>
        <source>已登记核对报告 %1（%2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/data_check_panel.py" line="227"/>
        <source>，%1 项异常待乡镇处理</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DataViewAnswerDialog</name>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="207"/>
        <source>答复点对点数据查看</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="208"/>
        <source>答复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="209"/>
        <source>（无）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="213"/>
        <source>乡镇的申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="214"/>
        <source>答复内容</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DataViewRequestDialog</name>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="190"/>
        <source>申请点对点数据查看</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="191"/>
        <source>提交申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="193"/>
        <source>预警信息哪里不明确，需要县级提供什么</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="194"/>
        <source>申请期间核查期限照常计算。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="196"/>
        <source>申请理由</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeadlineBoardPanel</name>
    <message>
        <location filename="../../ui/panels/deadline_board.py" line="33"/>
        <source>只看已逾期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/deadline_board.py" line="94"/>
        <source>进行中的时限 %1 项，其中已逾期 %2 项，即将到期 %3 项</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiscoveryPanel</name>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="355"/>
        <source>登记走访…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="356"/>
        <source>转为申请…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="357"/>
        <source>转为预警…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="386"/>
        <source>尚未导入主动发现基础数据（九类人群、四支队伍），请县级审核员导入后再登记走访。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="450"/>
        <source>已登记 %1 的走访。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="469"/>
        <source>已为 %1 新建低保申请（代为申请），请在案件中继续办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="501"/>
        <source>已将 %1 的走访转为预警，请在“预警核查”中按时限入户核查。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DrawSpotCheckDialog</name>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="56"/>
        <source>抽取抽查对象</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="58"/>
        <source>从所选月份确认同意的新增保障家庭中，按规则表的比例随机抽取（书面＋实地），近亲属备案家庭全部实地核查。随机种子由程序生成并记录在案，可随时复核。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="63"/>
        <source>抽取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="72"/>
        <source>全部乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="75"/>
        <source>批次（确认月份）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="76"/>
        <source>范围</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="88"/>
        <source>没有可抽取的批次：还没有确认同意的新增保障家庭。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FieldRecordPanel</name>
    <message>
        <location filename="../../ui/forms/record_panel.py" line="61"/>
        <source>“%1”还在保存，请稍候再确认签字。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormRenderer</name>
    <message>
        <location filename="../../ui/forms/renderer.py" line="74"/>
        <source>必填项 %v / %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/renderer.py" line="168"/>
        <source>草稿未能保存：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/renderer.py" line="172"/>
        <source>草稿已自动保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/renderer.py" line="217"/>
        <source>还有 %1 处需要填写或更正：</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="250"/>
        <source>预警导入结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="253"/>
        <source>文件 %1：共 %2 行，导入 %3 行，未导入 %4 行。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="263"/>
        <source>无法识别的列（已忽略）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="265"/>
        <source>重复的列（只读取第一列）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="268"/>
        <source>%1 条预警无法确定乡镇（街道），请在列表中分派。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="273"/>
        <source>部分核查期限按暂定日历计算，官方放假安排导入后会重新计算。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="279"/>
        <source>行号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="279"/>
        <source>预警单号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="279"/>
        <source>结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="279"/>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="283"/>
        <source>核查期限 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="285"/>
        <source>（暂定日历）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="287"/>
        <source>；待分派乡镇</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="288"/>
        <source>已导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="293"/>
        <source>未导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="308"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakePanel</name>
    <message>
        <location filename="../../ui/panels/intake_panel.py" line="48"/>
        <source>窗口申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/intake_panel.py" line="50"/>
        <source>网上申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/intake_panel.py" line="58"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/intake_panel.py" line="58"/>
        <source>身份证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/intake_panel.py" line="58"/>
        <source>与申请人关系</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/intake_panel.py" line="63"/>
        <source>添加成员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/intake_panel.py" line="66"/>
        <source>删除选中成员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/intake_panel.py" line="75"/>
        <source>缺少的材料，每行一项；材料齐全请留空</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/intake_panel.py" line="85"/>
        <source>登记并受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/intake_panel.py" line="90"/>
        <source>村/社区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/intake_panel.py" line="91"/>
        <source>申请方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/intake_panel.py" line="94"/>
        <source>家庭成员（第一行为申请人）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/intake_panel.py" line="97"/>
        <source>一次性告知</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/intake_panel.py" line="161"/>
        <source>请选择村/社区，并至少填写申请人的姓名和身份证号。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogReportDialog</name>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="56"/>
        <source>登记实名举报</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="57"/>
        <source>登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="65"/>
        <source>电话或地址，用于反馈核实结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="68"/>
        <source>（不指定）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="72"/>
        <source>被举报家庭成员姓名或身份证号后几位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="73"/>
        <source>查找</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="82"/>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="109"/>
        <source>（不关联案件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="87"/>
        <source>收到日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="88"/>
        <source>举报方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="89"/>
        <source>举报人姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="90"/>
        <source>联系方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="91"/>
        <source>乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="92"/>
        <source>查找被举报家庭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="93"/>
        <source>关联案件（可选）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="95"/>
        <source>举报内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="101"/>
        <source>请输入姓名或身份证号后几位再查找。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="103"/>
        <source>正在查找…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="119"/>
        <source>找到 %1 件案件，请在上面选择。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="121"/>
        <source>没有找到相符的案件。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="47"/>
        <source>低保入户通 — 登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="68"/>
        <source>账号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="69"/>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="74"/>
        <source>登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="77"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="90"/>
        <source>请输入账号和密码。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainActions</name>
    <message>
        <location filename="../../ui/actions.py" line="55"/>
        <source>文件(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="56"/>
        <source>查看(&amp;V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="57"/>
        <source>转到(&amp;G)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="58"/>
        <source>帮助(&amp;H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="79"/>
        <source>锁定(&amp;L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="82"/>
        <source>锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="84"/>
        <source>切换用户(&amp;U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="87"/>
        <source>退出(&amp;X)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="96"/>
        <source>查找案件(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="100"/>
        <source>查找</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="104"/>
        <source>刷新(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="107"/>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="111"/>
        <source>受理新申请(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="119"/>
        <source>同步冲突(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="126"/>
        <source>账号管理(&amp;M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="133"/>
        <source>关于低保入户通(&amp;A)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="57"/>
        <source>常用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="68"/>
        <source>当前用户：%1（%2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139"/>
        <source>关于低保入户通</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="141"/>
        <source>%1 版本 %2
乡镇最低生活保障入户调查与审核（离线、加密）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaintenancePanel</name>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="83"/>
        <source>加密备份到文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="84"/>
        <source>检查数据库</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="86"/>
        <source>从备份恢复（替换本机数据库）…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="89"/>
        <source>导入国务院放假通知（JSON 或 CSV）…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="92"/>
        <source>导入行政区划（JSON）…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="95"/>
        <source>导入保障标准（JSON）…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="98"/>
        <source>打印设置…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="106"/>
        <source>数据库</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="110"/>
        <source>基础数据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="114"/>
        <source>导入的文件有任何一行出错时，整个文件都不导入，并逐行列出问题。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="118"/>
        <source>打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="123"/>
        <source>发文机关、复议机关、法院、公示上的两个监督电话、发放方式和字体，本机所有账号打印时共用。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="225"/>
        <source>数据库有问题，请停止录入，用“从备份恢复”恢复最近的备份。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="232"/>
        <source>选择备份文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="232"/>
        <source>低保备份 (*.dibak);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="242"/>
        <source>正在核对密码并恢复，请稍候…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="245"/>
        <source>未恢复，本机数据库没有改变：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="257"/>
        <source>已从备份恢复数据库。被替换的数据库已改名保留在 %1。程序现在锁定，请重新登录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="295"/>
        <source>正在导入工作日历…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="296"/>
        <location filename="../../ui/panels/maintenance_panel.py" line="316"/>
        <location filename="../../ui/panels/maintenance_panel.py" line="343"/>
        <source>未导入：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="299"/>
        <source>选择行政区划文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="299"/>
        <source>区划文件 (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="312"/>
        <source>已导入行政区划 %1 条（%2）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="315"/>
        <source>正在导入行政区划…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="319"/>
        <source>选择保障标准文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="319"/>
        <source>标准文件 (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="335"/>
        <source>已导入保障标准 %1 条，其中 %2 条替换了内置的同日生效标准；本机共有导入的标准 %3 条。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="342"/>
        <source>正在导入保障标准…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="355"/>
        <source>正在读取打印设置…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="359"/>
        <source>未能读取打印设置：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="364"/>
        <source>打印设置文件有误，已按默认值打开；保存前会请您确认替换：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="366"/>
        <source>请在对话框中修改打印设置。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="404"/>
        <source>打印设置没有改动，文件未改写。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="407"/>
        <source>打印设置已保存到 %1。改动：%2。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="409"/>
        <source>无</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="417"/>
        <source>未保存打印设置：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="183"/>
        <source>保存加密备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="183"/>
        <source>低保备份 (*.dibak)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="190"/>
        <source>正在备份…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="194"/>
        <source>未能备份：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="208"/>
        <source>已加密备份到 %1（%2 KB）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="215"/>
        <source>正在检查数据库…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="223"/>
        <source>数据库检查通过。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="273"/>
        <source>选择放假通知文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="273"/>
        <source>日历文件 (*.json *.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/maintenance_panel.py" line="289"/>
        <source>已导入 %1 年工作日历，重算 %2 项时限，其中 %3 项到期日改变。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MyWorkPanel</name>
    <message>
        <location filename="../../ui/panels/my_work.py" line="63"/>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="67"/>
        <source>日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="68"/>
        <source>时段</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="69"/>
        <location filename="../../ui/panels/my_work.py" line="80"/>
        <source>户主</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="70"/>
        <location filename="../../ui/panels/my_work.py" line="81"/>
        <source>身份证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="71"/>
        <location filename="../../ui/panels/my_work.py" line="82"/>
        <source>村/社区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="72"/>
        <source>调查人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="73"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="83"/>
        <source>案件状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="84"/>
        <source>我的分工</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="85"/>
        <source>下一个时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="86"/>
        <source>到期日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="87"/>
        <source>入户安排</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="101"/>
        <source>本周入户安排</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="103"/>
        <source>分派给我的案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="132"/>
        <source>本周：%1 至 %2（今天 %3）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="142"/>
        <source>今天入户 %1 户，本周共 %2 户；分派给我的案件 %3 件，其中已逾期 %4 件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="154"/>
        <source>周一</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="155"/>
        <source>周二</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="156"/>
        <source>周三</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="157"/>
        <source>周四</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="158"/>
        <source>周五</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="159"/>
        <source>周六</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="160"/>
        <source>周日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="165"/>
        <source>（不足两人）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="185"/>
        <source>（今天）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="201"/>
        <source>无进行中的时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/my_work.py" line="203"/>
        <source>未安排</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverdueBoardPanel</name>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="64"/>
        <source>全部乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="66"/>
        <source>导出 Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="69"/>
        <source>导出 PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="74"/>
        <location filename="../../ui/panels/overdue_board_panel.py" line="86"/>
        <location filename="../../ui/panels/overdue_board_panel.py" line="94"/>
        <source>乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="86"/>
        <location filename="../../ui/panels/overdue_board_panel.py" line="89"/>
        <source>进行中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="86"/>
        <location filename="../../ui/panels/overdue_board_panel.py" line="89"/>
        <source>即将到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="86"/>
        <location filename="../../ui/panels/overdue_board_panel.py" line="89"/>
        <source>已逾期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="89"/>
        <location filename="../../ui/panels/overdue_board_panel.py" line="97"/>
        <source>环节</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="95"/>
        <source>户主</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="96"/>
        <source>身份证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="98"/>
        <source>到期日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="99"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="154"/>
        <source>%1：进行中 %2 项，即将到期 %3 项，已逾期 %4 项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="184"/>
        <source>（暂定日历）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="202"/>
        <source>导出督办表（Excel）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="202"/>
        <source>督办表.xlsx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="202"/>
        <source>Excel 文件 (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="209"/>
        <source>导出督办表（PDF）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="209"/>
        <source>督办表.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="209"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="218"/>
        <source>正在导出…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="226"/>
        <source>无法写入 %1（%2），请换一个位置或文件名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="304"/>
        <source>已导出到 %1（已记入审计日志；文件含个人信息，请妥善保管）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/overdue_board_panel.py" line="315"/>
        <source>导出失败：%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhotoEditor</name>
    <message>
        <location filename="../../ui/forms/photo_editor.py" line="157"/>
        <location filename="../../ui/forms/photo_editor.py" line="159"/>
        <source>新照片类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/photo_editor.py" line="161"/>
        <source>添加照片…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/photo_editor.py" line="176"/>
        <source>选择照片</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/photo_editor.py" line="176"/>
        <source>图片 (*.jpg *.jpeg *.png *.webp *.JPG *.JPEG *.PNG)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/photo_editor.py" line="195"/>
        <source>正在保存照片，可以继续填写其他项目…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/photo_editor.py" line="213"/>
        <source>最多 %1 张，未添加 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/photo_editor.py" line="246"/>
        <source>未保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/photo_editor.py" line="397"/>
        <source>已添加 %1 张</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhotoTile</name>
    <message>
        <location filename="../../ui/forms/photo_editor.py" line="86"/>
        <source>（加载中）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/photo_editor.py" line="95"/>
        <source>拍摄：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/photo_editor.py" line="97"/>
        <source>照片类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/photo_editor.py" line="101"/>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/photo_editor.py" line="105"/>
        <source>删除照片</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/photo_editor.py" line="116"/>
        <source>（无预览）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintQueuePanel</name>
    <message>
        <location filename="../../ui/panels/print_queue.py" line="66"/>
        <source>户主</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/print_queue.py" line="66"/>
        <source>身份证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/print_queue.py" line="66"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/print_queue.py" line="66"/>
        <source>待打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/print_queue.py" line="76"/>
        <source>预览并打印选中的文书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/print_queue.py" line="79"/>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/print_queue.py" line="105"/>
        <source>低保金发放花名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/print_queue.py" line="109"/>
        <source>预览</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/print_queue.py" line="110"/>
        <source>打印…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/print_queue.py" line="111"/>
        <source>另存 PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/print_queue.py" line="159"/>
        <source>待打印 %n 件</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/panels/print_queue.py" line="166"/>
        <source>没有可打印花名册的乡镇（街道）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/print_queue.py" line="195"/>
        <source>已保存：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/print_queue.py" line="203"/>
        <source>请先选中一件。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintSettingsDialog</name>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="58"/>
        <source>打印设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="65"/>
        <source>这些内容印在公示、告知书和最低生活保障证上，本机所有账号共用。保存在：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="79"/>
        <source>下面显示的是默认值。保存时会先请您确认用新的设置替换这个文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="91"/>
        <source>{县}{乡镇}人民政府</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="92"/>
        <source>{县}人民政府</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="93"/>
        <source>{县}人民法院</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="94"/>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="95"/>
        <source>例如 0798-1234567</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="96"/>
        <source>社会化发放</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="97"/>
        <source>自动查找系统字体</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="102"/>
        <source> 个</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="103"/>
        <source>选择…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="114"/>
        <source>公示必须印有此号码，未填写时公示不能打印。只能用数字、短横线、空格和括号，7–20 个字符。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="119"/>
        <source>发文机关</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="121"/>
        <source>留空时按行政区划印“{县}{乡镇}人民政府”（街道印“…办事处”）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="124"/>
        <source>行政复议机关</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="124"/>
        <source>告知书上的复议机关。留空时印“{县}人民政府”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="126"/>
        <source>人民法院</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="126"/>
        <source>告知书上的起诉法院。留空时印“{县}人民法院”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="127"/>
        <source>乡镇（街道）监督电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="128"/>
        <source>县级民政部门监督举报电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="130"/>
        <source>发放方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="130"/>
        <source>低保证上的发放方式。留空时印“社会化发放”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="133"/>
        <source>字体目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="135"/>
        <source>装有仿宋、宋体等中文字体的文件夹。留空时自动查找本机的系统字体。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="138"/>
        <source>证号余量提醒</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="140"/>
        <source>本乡镇（街道）剩余的低保证编号不多于这个数时，打印低保证会提醒申领新号段。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="148"/>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="210"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="149"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="196"/>
        <source>选择字体文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="210"/>
        <source>正在保存…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="221"/>
        <source>替换打印设置文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_settings_dialog.py" line="223"/>
        <source>现有的打印设置文件无法读取，保存会用现在填写的设置替换它，原文件的内容不再保留。确定替换吗？</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PublicityPrintPanel</name>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="75"/>
        <source>公示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="75"/>
        <source>张贴地点（村/社区公开栏）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="75"/>
        <source>户数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="81"/>
        <source>户主</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="82"/>
        <source>居住村（居）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="83"/>
        <source>张贴地点</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="84"/>
        <source>家庭人口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="85"/>
        <source>保障人数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="86"/>
        <source>保障类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="87"/>
        <source>金额（元/月）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="88"/>
        <source>公示起</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="89"/>
        <source>公示止</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="94"/>
        <source>预览</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="95"/>
        <source>打印…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="96"/>
        <source>另存 PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="103"/>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="162"/>
        <source>%1 应张贴的公示（%2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/publicity_panel.py" line="172"/>
        <source>共 %n 张公示单</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="172"/>
        <source>今天没有要张贴的公示。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="190"/>
        <source>至停止保障之日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="217"/>
        <source>请先选中要打印的公示单（同一类公示可多选）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="221"/>
        <source>一次只能打印同一类公示，请只选同一类的公示单。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="247"/>
        <source>已保存：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/publicity_panel.py" line="262"/>
        <source>（电话号码请管理员在“数据维护 → 打印设置”中填写，保存在数据目录的 print-settings.json。）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RealNameReportsPanel</name>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="62"/>
        <source>未办结（待核实、待反馈）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="63"/>
        <source>全部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="65"/>
        <source>显示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="71"/>
        <source>收到日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="72"/>
        <source>举报方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="73"/>
        <source>举报人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="74"/>
        <source>乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="75"/>
        <source>举报内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="76"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="77"/>
        <source>核实日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="78"/>
        <source>反馈日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="90"/>
        <source>登记举报…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="92"/>
        <source>登记核查结果…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="94"/>
        <source>登记答复…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="96"/>
        <source>显示完整联系方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="133"/>
        <source>（未指定）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="159"/>
        <source>共 %1 条，其中待核实 %2 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="186"/>
        <source>选中一条举报查看详情。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="188"/>
        <source>（未留）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="192"/>
        <source>举报人：%1，联系方式：%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="193"/>
        <source>收到：%1（%2）；乡镇/街道：%3%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="197"/>
        <source>；已关联案件（双击打开）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="198"/>
        <source>举报内容：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="202"/>
        <source>核实：%1 %2；核实结果：%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="209"/>
        <source>反馈举报人：%1 %2；%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="214"/>
        <source>状态：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="228"/>
        <source>请先在列表中选中一条举报。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="269"/>
        <source>已登记 %2 于 %1 的实名举报，请逐一核实。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="306"/>
        <source>已登记 %2 于 %1 举报的核实结果，请及时反馈举报人。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/real_name_reports_panel.py" line="322"/>
        <source>已登记向 %2 反馈 %1 举报的核实结果，该举报办结。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordSpotCheckDialog</name>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="102"/>
        <source>登记抽查结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="105"/>
        <source>%1（%2），%3；%4 批次，确认日期 %5；%6，须在 %7 前完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="113"/>
        <source>；近亲属备案</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="115"/>
        <source>登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="120"/>
        <source>如：县民政局 张三、李四</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="123"/>
        <source>（请选择）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="130"/>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="146"/>
        <source>发现的问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="133"/>
        <source>整改要求及整改情况（办结前须写明）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="134"/>
        <source>已办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="140"/>
        <source>无问题的抽查在抽查当日办结；发现问题的，整改完成后再登记办结日期。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="143"/>
        <source>抽查日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="144"/>
        <source>抽查人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="145"/>
        <source>抽查结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="147"/>
        <source>整改情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/spot_check_dialogs.py" line="170"/>
        <source>请选择抽查结果。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="166"/>
        <source>一次性恢复码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="170"/>
        <source>请抄写或打印下面的恢复码，交县级管理员保管。
它只显示这一次；忘记全部密码时，凭它才能找回本机数据。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="179"/>
        <source>我已抄写好恢复码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="183"/>
        <source>继续</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefItemDialog</name>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="496"/>
        <source>修改必到必访人群</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="496"/>
        <source>修改主动发现队伍</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="498"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="506"/>
        <source> 天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="507"/>
        <source>未设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="509"/>
        <source>启用（停用后不能再选，已有走访记录保留）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="512"/>
        <source>代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="513"/>
        <source>名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="515"/>
        <source>走访间隔</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReferenceView</name>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="680"/>
        <source>类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="680"/>
        <source>代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="680"/>
        <source>名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="680"/>
        <source>走访间隔</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="680"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="686"/>
        <source>修改…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="688"/>
        <source>导入内置基础数据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="690"/>
        <source>从文件导入…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="693"/>
        <source>九类必到必访人群和四支主动发现队伍由县级维护；停用的项目不能再选，已有走访记录保留。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="717"/>
        <source>必到必访人群</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="717"/>
        <source>主动发现队伍</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="720"/>
        <source>每 %1 天</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="723"/>
        <source>启用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="723"/>
        <source>已停用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="742"/>
        <source>请先在列表中选中一类人群或一支队伍。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="766"/>
        <source>已保存 %1 %2。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="773"/>
        <source>选择主动发现基础数据文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="773"/>
        <source>基础数据 (*.json);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="783"/>
        <source>无法读取文件 %1，请确认文件存在且没有被其他程序占用。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="799"/>
        <source>已导入：新增 %1 项，修改 %2 项，停用 %3 项，未变 %4 项。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RepeatEditor</name>
    <message>
        <location filename="../../ui/forms/group.py" line="152"/>
        <source>添加一行：%1（Ctrl+Shift+N）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/group.py" line="174"/>
        <source>%1 第%2行</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RepeatRow</name>
    <message>
        <location filename="../../ui/forms/group.py" line="127"/>
        <source>删除本行（Ctrl+Shift+D）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplyReportDialog</name>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="191"/>
        <source>登记反馈举报人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="192"/>
        <source>登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="193"/>
        <source>（尚未登记核实结果）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="204"/>
        <source>向举报人反馈的核实结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="205"/>
        <source>核实结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="206"/>
        <source>反馈日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="207"/>
        <source>反馈方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="208"/>
        <source>反馈内容</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="85"/>
        <source>登记县级信息核对报告</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="90"/>
        <source>如：浮民核〔2026〕001号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="93"/>
        <source>报告编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="94"/>
        <source>出具日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="95"/>
        <source>收到日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="105"/>
        <source>核对项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="108"/>
        <source>项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="108"/>
        <source>异常情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="108"/>
        <source>数值/金额</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="113"/>
        <source>添加异常</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="116"/>
        <source>删除选中异常</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="128"/>
        <source>发现的异常</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="133"/>
        <source>核对结论</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="136"/>
        <source>结论不是“符合”时必须写明理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="138"/>
        <source>结论理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="139"/>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="192"/>
        <source>（未选择）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="141"/>
        <source>选择扫描件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="144"/>
        <source>不附扫描件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="151"/>
        <source>报告扫描件（PDF，可选）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="184"/>
        <source>选择核对报告扫描件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="184"/>
        <source>PDF 文件 (*.pdf);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResolveAnomalyDialog</name>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="222"/>
        <source>核对异常 %1：%2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="228"/>
        <source>说明核对异常</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="228"/>
        <source>核对异常纳入评估</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="237"/>
        <source>写明情况说明及依据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="239"/>
        <source>写明计入评估的方式（计入哪一项收入或财产、金额）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="242"/>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="242"/>
        <source>计入方式</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="21"/>
        <source>从备份恢复数据库</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="25"/>
        <source>将用备份文件 %1 替换本机当前的数据库。

备份之后在本机录入、修改的所有数据（包括尚未同步的）都不会出现在恢复后的数据库中。当前数据库不会删除，会改名保留在数据目录旁边，需要时请联系县级管理员取回。

恢复完成后程序会锁定，所有人需要重新登录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="36"/>
        <source>请再次输入 %1 的登录密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="39"/>
        <source>管理员密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="44"/>
        <source>恢复并重新登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/restore_dialog.py" line="46"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="49"/>
        <source>低保入户通 — 首次使用设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="54"/>
        <source>本机还没有数据库。请创建加密数据库和第一个管理员账号。
所有个人信息都会加密保存在本机，丢失电脑也不会泄露。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="63"/>
        <source>管理员</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/setup_dialog.py" line="68"/>
        <source>至少 %n 个字符</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="81"/>
        <source>数据目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="82"/>
        <source>管理员登录名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="83"/>
        <source>管理员姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="84"/>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="85"/>
        <source>再输入一次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="91"/>
        <source>创建数据库</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="94"/>
        <source>退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="108"/>
        <source>请填写管理员登录名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/setup_dialog.py" line="110"/>
        <source>密码至少需要 %n 个字符。</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="112"/>
        <source>两次输入的密码不一致。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignOffPanel</name>
    <message>
        <location filename="../../ui/forms/sign_off.py" line="41"/>
        <source>（选填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/sign_off.py" line="85"/>
        <source>调查人员确认（每人输入本人密码）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/sign_off.py" line="89"/>
        <source>登录名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/sign_off.py" line="92"/>
        <location filename="../../ui/forms/sign_off.py" line="94"/>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/sign_off.py" line="93"/>
        <source>调查员%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/sign_off.py" line="111"/>
        <location filename="../../ui/forms/sign_off.py" line="152"/>
        <source>确认签字并定稿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/sign_off.py" line="152"/>
        <source>正在核对密码并定稿…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/sign_off.py" line="180"/>
        <source>正在核对密码并定稿，请稍候…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/sign_off.py" line="193"/>
        <source>未能定稿：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/sign_off.py" line="198"/>
        <source>表单还有 %1 处需要填写或更正，请先修改。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <location filename="../../ui/forms/signature_editor.py" line="39"/>
        <source>签名：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/signature_editor.py" line="44"/>
        <source>签名人姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/signature_editor.py" line="48"/>
        <source>清除重签</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/signature_editor.py" line="65"/>
        <source>请填写签名人姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/signature_editor.py" line="69"/>
        <source>请在签名框内签名</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignatureEditor</name>
    <message>
        <location filename="../../ui/forms/signature_editor.py" line="148"/>
        <source>正在保存签名，可以继续填写其他项目…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/signature_editor.py" line="152"/>
        <source>已签名：%1  %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/signature_editor.py" line="156"/>
        <source>重新签名…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/signature_editor.py" line="158"/>
        <source>未签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/signature_editor.py" line="159"/>
        <source>签名…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../ui/forms/signature_pad.py" line="38"/>
        <source>请在框内签名；按 Delete 键清除重签</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/signature_pad.py" line="39"/>
        <source>签名板</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpotCheckPanel</name>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="99"/>
        <source>批次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="100"/>
        <source>新增户数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="101"/>
        <source>应抽/已抽</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="102"/>
        <source>应实地/已实地</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="103"/>
        <source>近亲属实地</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="104"/>
        <source>窗口截止</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="105"/>
        <source>提醒</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="109"/>
        <source>抽取…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="110"/>
        <source>登记抽查结果…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="111"/>
        <source>复核随机抽取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="122"/>
        <source>户主</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="123"/>
        <source>身份证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="124"/>
        <source>乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="125"/>
        <source>抽查方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="126"/>
        <source>近亲属备案</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="127"/>
        <source>确认日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="128"/>
        <source>期限截止</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="129"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="130"/>
        <source>抽查日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="134"/>
        <source>双击抽查对象打开案件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="232"/>
        <source>是</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="234"/>
        <source>（已超期）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="254"/>
        <source>待抽查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="257"/>
        <source>%1，%2 办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="259"/>
        <source>%1，整改中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="263"/>
        <source>还没有确认同意的新增保障家庭。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="266"/>
        <source>%1 批次尚未抽取。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="269"/>
        <source>%1 抽取（随机种子 %2）：新增 %3 户，抽取 %4 户，其中实地 %5 户。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="303"/>
        <source>%1（新增 %2 户，未抽取 %3 户）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="337"/>
        <source>%1 批次：新增保障家庭 %2 户，抽取 %3 户（其中实地 %4 户；规则要求至少 %5 户、实地至少 %6 户）。随机种子 %7 已记录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="362"/>
        <source>请先在抽查对象列表中选中一户。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="401"/>
        <source>期限内</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="401"/>
        <source>已超过抽查期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="403"/>
        <source>已登记 %1 的抽查结果：%2（%3）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="418"/>
        <source>所选批次还没有抽取记录，无需复核。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="429"/>
        <source>%1 的抽取（随机种子 %2）已按记录复核：重新抽取的对象和抽查方式与记录一致。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/spot_check_panel.py" line="432"/>
        <source>%1 的抽取（随机种子 %2）复核不一致：重新抽取的结果与记录不同，请核查抽查记录。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../ui/panels/sync_panel.py" line="33"/>
        <source>正在读取同步状态…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/sync_panel.py" line="44"/>
        <source>立即同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/sync_panel.py" line="47"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/sync_panel.py" line="71"/>
        <source>本设备还没有在县级登记。请向县级管理员申请登记码后，用 dibao sync --enrol 登记。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/sync_panel.py" line="74"/>
        <source>本设备已被县级吊销，不能再同步。本机数据仍然保存在本机，请联系县级管理员。</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/sync_panel.py" line="77"/>
        <source>待发送的记录：%n 条</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/panels/sync_panel.py" line="106"/>
        <source>正在取消…（已完成的部分会保存）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TownshipWarningsPanel</name>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="457"/>
        <source>登记核查结果…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="459"/>
        <source>申请点对点数据查看…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="461"/>
        <source>指定核查人员…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="462"/>
        <source>办结…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="491"/>
        <source>已登记预警 %1 的入户核查结果。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="512"/>
        <source>已为预警 %1 申请点对点数据查看，请等待县级答复。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsersPanel</name>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="35"/>
        <location filename="../../ui/panels/users_panel.py" line="69"/>
        <source>登录名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="35"/>
        <location filename="../../ui/panels/users_panel.py" line="78"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="35"/>
        <location filename="../../ui/panels/users_panel.py" line="79"/>
        <source>角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="35"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="43"/>
        <source>停用选中的账号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="61"/>
        <location filename="../../ui/panels/users_panel.py" line="67"/>
        <source>新增账号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="72"/>
        <source>登录名就是此人在全县各台电脑上的身份：每台电脑上为同一人用同一登录名，离职人员的登录名不要给别人。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="80"/>
        <source>初始密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="81"/>
        <source>再输入一次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="106"/>
        <source>两次输入的密码不一致。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="126"/>
        <source>已新增账号 %1（%2）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="137"/>
        <source>请先选中要停用的账号。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="146"/>
        <source>已停用账号 %1，该账号不能再登录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="101"/>
        <source>启用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="101"/>
        <source>已停用</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VerifyReportDialog</name>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="170"/>
        <source>登记举报核实结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="171"/>
        <source>登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="174"/>
        <source>如：县民政局 张三</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="176"/>
        <source>核实的经过和结论</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="177"/>
        <source>核实日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="178"/>
        <source>核实人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="179"/>
        <source>核实结果</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VerifyWarningDialog</name>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="145"/>
        <source>登记入户核查结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="146"/>
        <source>登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="155"/>
        <source>入户看到和核实的情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="158"/>
        <source>（请选择）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="163"/>
        <source>入户核查日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="164"/>
        <source>核查方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="165"/>
        <source>核查情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="166"/>
        <source>处置意见</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="167"/>
        <source>备注</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="175"/>
        <source>请选择处置意见。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="141"/>
        <source>登记主动发现走访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="142"/>
        <source>登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="151"/>
        <source>走访人姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="158"/>
        <source>已登记家庭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="160"/>
        <source>尚未登记的家庭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="168"/>
        <source>姓名或身份证号后4位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="170"/>
        <source>查找</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="178"/>
        <source>（未选择）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="183"/>
        <source>户主姓名和村组，如：王某（青石村三组）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="210"/>
        <source>走访人群（可多选）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="215"/>
        <source>走访看到和了解到的困难情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="222"/>
        <source>如 收入减少、重病、灾害</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="229"/>
        <source>走访日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="230"/>
        <source>走访人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="231"/>
        <source>所属队伍</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="232"/>
        <source>被走访家庭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="233"/>
        <source>乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="234"/>
        <source>村/社区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="235"/>
        <source>所属摸排</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="237"/>
        <source>走访发现</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="238"/>
        <source>转介</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="239"/>
        <source>预警类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="250"/>
        <source>请输入姓名或身份证号后4位再查找。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="263"/>
        <source>；有在办或在保案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="274"/>
        <source>没有找到相符的已登记家庭，可改选“尚未登记的家庭”并填写户主姓名和村组。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="294"/>
        <source>已选择：%1 %2（%3）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="318"/>
        <source>（不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="323"/>
        <source>（不属于摸排）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="334"/>
        <source>登记后即为该家庭新建低保申请（代为申请），家庭仍须签署申请书和授权书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="337"/>
        <source>登记后即转为预警，按预警核查时限入户核查。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="353"/>
        <source>本机没有可登记的乡镇（街道），请先导入区划。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitLogView</name>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="172"/>
        <location filename="../../ui/panels/discovery_panel.py" line="268"/>
        <source>全部走访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="173"/>
        <location filename="../../ui/panels/discovery_panel.py" line="196"/>
        <source>走访日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="179"/>
        <source>全部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="182"/>
        <source>已转介（申请或预警）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="184"/>
        <location filename="../../ui/panels/discovery_panel.py" line="203"/>
        <source>摸排</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="188"/>
        <source>至</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="190"/>
        <location filename="../../ui/panels/discovery_panel.py" line="202"/>
        <source>转介</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="197"/>
        <source>走访人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="198"/>
        <source>队伍</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="199"/>
        <source>被走访家庭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="200"/>
        <source>村/社区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="201"/>
        <source>人群</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="221"/>
        <source>打开案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="301"/>
        <source>共 %1 次走访，其中转介 %2 次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="320"/>
        <source>选中一条走访记录查看详情。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="323"/>
        <source>走访人群：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="323"/>
        <source>（无）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="324"/>
        <source>走访发现：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="325"/>
        <source>乡镇/街道：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="328"/>
        <source>已转入低保申请，可点“打开案件”查看。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="330"/>
        <source>已转为预警，请在“预警核查”中办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="332"/>
        <source>被走访家庭尚未登记：转入申请前须先登记家庭成员。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/discovery_panel.py" line="341"/>
        <source>请先在列表中选中一条走访记录。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WarningActionDialog</name>
    <message>
        <location filename="../../ui/dialogs/warning_dialogs.py" line="68"/>
        <source>预警单 %1：%2（%3），%4/%5，核查期限 %6</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WarningReferralDialog</name>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="399"/>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="400"/>
        <source>转为预警</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="406"/>
        <source>如 收入减少、重病、灾害</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="410"/>
        <source>不填则使用走访发现的情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="411"/>
        <source>走访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="412"/>
        <source>预警类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/discovery_dialogs.py" line="413"/>
        <source>预警内容</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WarningsPanel</name>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="352"/>
        <source>全部乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="353"/>
        <source>未分派</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="354"/>
        <source>乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="357"/>
        <source>导入预警…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="358"/>
        <source>分派…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="359"/>
        <source>答复点对点查看…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="360"/>
        <source>结案…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="381"/>
        <source>选择监测平台导出的预警文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="381"/>
        <source>预警文件 (*.csv *.xlsx);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="391"/>
        <source>无法读取文件 %1，请确认文件存在且没有被其他程序占用。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="412"/>
        <source>已导入 %1 条预警，未导入 %2 行，详见导入结果。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="446"/>
        <source>已答复预警 %1 的点对点查看申请。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WarningsView</name>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="87"/>
        <source>待核查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="88"/>
        <source>已核查待办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="89"/>
        <source>未办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="90"/>
        <source>已办结</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="91"/>
        <source>全部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="96"/>
        <source>不限时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="97"/>
        <source>即将到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="98"/>
        <source>已逾期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="100"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="102"/>
        <location filename="../../ui/panels/warnings_panels.py" line="116"/>
        <source>时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="109"/>
        <source>预警单号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="110"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="111"/>
        <source>身份证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="112"/>
        <source>来源/类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="113"/>
        <source>乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="114"/>
        <source>核查人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="115"/>
        <source>核查期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="117"/>
        <source>办理状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="195"/>
        <source>（未指定）</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/warnings_panels.py" line="206"/>
        <source>共 %n 条</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="206"/>
        <source>，其中已逾期 %1 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="224"/>
        <source>选中一条预警查看详情。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="227"/>
        <source>预警内容：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="227"/>
        <source>（无）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="228"/>
        <source>推送日期：%1（%2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="233"/>
        <source>距核查期限还有 %1 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="235"/>
        <source>已超过核查期限 %1 个工作日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="238"/>
        <source>入户核查：%1 %2；核查情况：%3；处置意见：%4 %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="247"/>
        <source>点对点查看：%1；申请理由：%2；县级答复：%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="250"/>
        <source>（待答复）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="253"/>
        <source>办结日期：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="261"/>
        <source>请先在列表中选中一条预警。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="299"/>
        <location filename="../../ui/panels/warnings_panels.py" line="305"/>
        <source>预警 %1 已分派。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/warnings_panels.py" line="329"/>
        <source>预警 %1 已结案。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_ActionDialog</name>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="71"/>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="75"/>
        <source>确定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/data_check_dialogs.py" line="75"/>
        <source>正在保存…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_PadBlock</name>
    <message>
        <location filename="../../ui/forms/sign_off.py" line="46"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/sign_off.py" line="48"/>
        <source>签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/forms/sign_off.py" line="49"/>
        <source>清除重签</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_ReportActionDialog</name>
    <message>
        <location filename="../../ui/dialogs/real_name_report_dialogs.py" line="158"/>
        <source>%1 收到（%2），举报人 %3：%4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
