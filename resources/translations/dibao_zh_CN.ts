<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CaseDetailPanel</name>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="50"/>
        <source>正在读取…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="83"/>
        <source>%1 户 · %2 · %3 %4 · 状态：%5%6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="93"/>
        <source>近亲属备案户：相关工作人员须回避，县级须全部入户核查。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="95"/>
        <source>部分时限按暂定日历计算，国务院放假通知导入后会自动重算。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="110"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="110"/>
        <source>与户主关系</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="110"/>
        <source>身份证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="110"/>
        <source>共同生活</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="112"/>
        <source>是</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="112"/>
        <source>否</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="117"/>
        <source>家庭成员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="121"/>
        <source>环节</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="121"/>
        <location filename="../../ui/panels/case_detail.py" line="134"/>
        <source>时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="121"/>
        <source>开始</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="121"/>
        <source>到期日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="121"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="138"/>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="138"/>
        <source>操作人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="138"/>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="142"/>
        <source>办理记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="145"/>
        <source>缺少的材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_detail.py" line="146"/>
        <source>补正材料</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseListPanel</name>
    <message>
        <location filename="../../ui/panels/case_list.py" line="47"/>
        <source>输入姓名、身份证号或后四位，回车查找</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_list.py" line="51"/>
        <source>全部村/社区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/case_list.py" line="54"/>
        <source>全部状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/panels/case_list.py" line="136"/>
        <source>共 %n 件</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
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
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="43"/>
        <source>低保入户通 — 登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="64"/>
        <source>账号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="65"/>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="70"/>
        <source>登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="73"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="86"/>
        <source>请输入账号和密码。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="35"/>
        <source>锁定(&amp;L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="38"/>
        <source>切换用户(&amp;U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="40"/>
        <source>退出(&amp;X)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="43"/>
        <source>文件(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="52"/>
        <source>当前用户：%1（%2）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="162"/>
        <source>一次性恢复码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="166"/>
        <source>请抄写或打印下面的恢复码，交县级管理员保管。
它只显示这一次；忘记全部密码时，凭它才能找回本机数据。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="175"/>
        <source>我已抄写好恢复码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="179"/>
        <source>继续</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="46"/>
        <source>低保入户通 — 首次使用设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="51"/>
        <source>本机还没有数据库。请创建加密数据库和第一个管理员账号。
所有个人信息都会加密保存在本机，丢失电脑也不会泄露。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="60"/>
        <source>管理员</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/setup_dialog.py" line="65"/>
        <source>至少 %n 个字符</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="78"/>
        <source>数据目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="79"/>
        <source>管理员登录名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="80"/>
        <source>管理员姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="81"/>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="82"/>
        <source>再输入一次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="88"/>
        <source>创建数据库</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="91"/>
        <source>退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="105"/>
        <source>请填写管理员登录名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/dialogs/setup_dialog.py" line="107"/>
        <source>密码至少需要 %n 个字符。</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_dialog.py" line="109"/>
        <source>两次输入的密码不一致。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsersPanel</name>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="19"/>
        <source>登录名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="19"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="19"/>
        <source>角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="19"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="26"/>
        <source>新增或停用账号：dibao users add / disable（本界面的编辑功能随后提供）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="43"/>
        <source>启用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels/users_panel.py" line="43"/>
        <source>已停用</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>self.window</name>
    <message>
        <location filename="../../ui/main.py" line="87"/>
        <source>案件详情</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
