<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>AutomagikTelemetry</name>
    <message>
        <source>this application</source>
        <translation>このアプリケーション</translation>
    </message>
    <message>
        <source>Help improve %1</source>
        <translation>%1の改善にご協力ください</translation>
    </message>
    <message>
        <source>%1 can send anonymous usage statistics to its developers. They show which features are used and where the application is slow or fails, so the next versions can be better. Nothing is sent unless you allow it.</source>
        <translation>%1は、匿名の使用状況統計を開発者に送信できます。この統計から、どの機能が使われているか、アプリケーションのどこで動作が遅くなったりエラーが発生したりしているかがわかり、今後のバージョンの改善に役立てられます。許可しない限り、何も送信されません。</translation>
    </message>
    <message>
        <source>What is sent</source>
        <translation>送信される情報</translation>
    </message>
    <message>
        <source>Which features you use and how often</source>
        <translation>使用している機能とその頻度</translation>
    </message>
    <message>
        <source>How long operations take, and errors that occur</source>
        <translation>処理にかかる時間と、発生したエラー</translation>
    </message>
    <message>
        <source>The application version, the operating system and its version</source>
        <translation>アプリケーションのバージョン、オペレーティングシステムとそのバージョン</translation>
    </message>
    <message>
        <source>A random identifier that is not linked to you and changes if you opt out</source>
        <translation>個人とは結び付けられず、送信をオフにすると変更されるランダムな識別子</translation>
    </message>
    <message>
        <source>When the application crashes: the signal that ended it, the addresses on its stack and the versions, never the contents of its memory</source>
        <translation>アプリケーションがクラッシュしたとき：終了の原因となったシグナル、スタック上のアドレス、各バージョン（メモリの内容は送信されません）</translation>
    </message>
    <message>
        <source>When the application ended unexpectedly, and how long it had been running</source>
        <translation>アプリケーションが予期せず終了したこと、およびそれまでの実行時間</translation>
    </message>
    <message>
        <source>When the application stopped responding, and for how long</source>
        <translation>アプリケーションが応答しなくなったこと、およびその時間</translation>
    </message>
    <message>
        <source>Some of the application&apos;s warning messages, with personal data removed</source>
        <translation>アプリケーションの一部の警告メッセージ（個人データは削除されます）</translation>
    </message>
    <message>
        <source>When the application starts and quits: how often it has been started, how long starting took and how long it was used</source>
        <translation>アプリケーションの起動と終了：これまでの起動回数、起動にかかった時間、使用していた時間</translation>
    </message>
    <message>
        <source>The number, size and resolution of your screens, and the language and style of the user interface</source>
        <translation>画面の数、サイズ、解像度、およびユーザーインターフェースの言語とスタイル</translation>
    </message>
    <message>
        <source>What is never sent</source>
        <translation>決して送信されない情報</translation>
    </message>
    <message>
        <source>Your name, e-mail address or other personal details</source>
        <translation>氏名、メールアドレスなどの個人情報</translation>
    </message>
    <message>
        <source>The contents or names of your files and documents</source>
        <translation>ファイルやドキュメントの内容や名前</translation>
    </message>
    <message>
        <source>Passwords, keys or anything you type</source>
        <translation>パスワード、キー、入力した内容</translation>
    </message>
    <message>
        <source>Your IP address or location</source>
        <translation>IPアドレスや位置情報</translation>
    </message>
    <message>
        <source>You can change your answer at any time in the settings.</source>
        <translation>回答は設定でいつでも変更できます。</translation>
    </message>
    <message>
        <source>Privacy policy</source>
        <translation>プライバシーポリシー</translation>
    </message>
    <message>
        <source>Show what is sent</source>
        <translation>送信内容を表示</translation>
    </message>
    <message>
        <source>Hide the example</source>
        <translation>例を非表示</translation>
    </message>
    <message>
        <source>This is an example of one report, exactly as it would be sent:</source>
        <translation>以下は1件のレポートの例で、実際に送信される内容そのままです：</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>許可する</translation>
    </message>
    <message>
        <source>Don&apos;t allow</source>
        <translation>許可しない</translation>
    </message>
    <message>
        <source>Send anonymous usage statistics</source>
        <translation>匿名の使用状況統計を送信する</translation>
    </message>
    <message>
        <source>Helps the developers of %1. No personal data is sent.</source>
        <translation>%1の開発者の役に立ちます。個人データは送信されません。</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your administrator.</source>
        <translation>使用状況統計は管理者によってオフにされています。</translation>
    </message>
    <message>
        <source>Sent usage statistics</source>
        <translation>送信済みの使用状況統計</translation>
    </message>
    <message>
        <source>Nothing has been sent.</source>
        <translation>まだ何も送信されていません。</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>履歴を消去</translation>
    </message>
    <message>
        <source>Every report sent from this computer is listed here for 30 days.</source>
        <translation>このコンピューターから送信されたレポートは、すべて30日間ここに表示されます。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message numerus="yes">
        <source>%n %1 sent to %2</source>
        <translation>
            <numerusform>%n件の%1を%2に送信しました</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage statistics are turned off by a setting on this computer.</source>
        <translation>使用状況統計は、このコンピューターの設定によってオフになっています。</translation>
    </message>
    <message>
        <source>Only the beginning of this report was kept.</source>
        <translation>このレポートは先頭部分のみ保存されています。</translation>
    </message>
    <message>
        <source>performance metrics</source>
        <translation>パフォーマンス指標</translation>
    </message>
    <message>
        <source>diagnostics</source>
        <translation>診断情報</translation>
    </message>
    <message>
        <source>usage events</source>
        <translation>使用状況イベント</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by the environment variable %1.</source>
        <translation>使用状況統計は、環境変数 %1 によってオンになっています。</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by the environment variable %1.</source>
        <translation>使用状況統計は、環境変数 %1 によってオフになっています。</translation>
    </message>
    <message>
        <source>Usage statistics are turned off for all Automagik applications on this computer.</source>
        <translation>このコンピューターのすべての Automagik アプリケーションで、使用状況統計はオフになっています。</translation>
    </message>
    <message>
        <source>Usage statistics are turned on by your answer in another Automagik application.</source>
        <translation>使用状況統計は、別の Automagik アプリケーションでのあなたの回答によってオンになっています。</translation>
    </message>
    <message>
        <source>Usage statistics are turned off by your answer in another Automagik application.</source>
        <translation>使用状況統計は、別の Automagik アプリケーションでのあなたの回答によってオフになっています。</translation>
    </message>
    <message>
        <source>Usage statistics are turned off on continuous integration systems (%1 is set).</source>
        <translation>継続的インテグレーション環境では、使用状況統計はオフになっています（%1 が設定されています）。</translation>
    </message>
    <message>
        <source>Usage statistics are turned off in development and test environments (%1).</source>
        <translation>開発環境およびテスト環境では、使用状況統計はオフになっています（%1）。</translation>
    </message>
</context>
</TS>
