@echo off
rem Switchboard launcher for Windows, for the release archive (bin\ beside lib\). Finds a JDK >= 21 like
rem bin/switchboard: SWITCHBOARD_JAVA_HOME, then JAVA_HOME, then java on PATH, then the newest JDK in the usual
rem install directories; then runs the CLI with the given arguments.
rem   SWITCHBOARD_JAVA_HOME  JDK to use (checked first; must be Java 21 or newer)
rem   SWITCHBOARD_JAVA_OPTS  extra JVM options
setlocal
for %%i in ("%~dp0..\lib") do set "LIB=%%~fi"
set "JAR="
for %%f in ("%LIB%\switchboard-server-*.jar") do set "JAR=%%~ff"
if not defined JAR goto :nojar

set "JAVA="
set "MAJOR=0"
if not defined SWITCHBOARD_JAVA_HOME goto :javahome
call :try "%SWITCHBOARD_JAVA_HOME%\bin\java.exe"
if not defined JAVA goto :badhome
goto :run

:javahome
if defined JAVA_HOME call :try "%JAVA_HOME%\bin\java.exe"
if defined JAVA goto :run
for /f "delims=" %%j in ('where java.exe 2^>nul') do if not defined JAVA call :try "%%j"
if defined JAVA goto :run
rem No preference left: take the newest installed JDK.
for /d %%d in ("%ProgramFiles%\Java\*" "%ProgramFiles%\Eclipse Adoptium\*" "%ProgramFiles%\Microsoft\*" "%ProgramFiles%\Zulu\*" "%ProgramFiles%\Amazon Corretto\*" "%ProgramFiles%\BellSoft\*" "%ProgramFiles%\OpenJDK\*" "%LOCALAPPDATA%\Programs\Eclipse Adoptium\*") do call :try "%%~d\bin\java.exe"
if not defined JAVA goto :nojava

:run
rem JDK 25+ maps an AOT cache made at build time: the daemon's for run/start/restart, the bridge's, else the short commands'
rem (which also run with C1 alone and the serial GC). A cache that does not match this JDK is ignored, silently.
set "KIND=cli"
set "OPTS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
if /i "%~1"=="run" goto :daemon
if /i "%~1"=="start" goto :daemon
if /i "%~1"=="restart" goto :daemon
if /i "%~1"=="bridge" set "KIND=bridge"
goto :launch
:daemon
set "KIND=daemon"
set "OPTS="
:launch
if %MAJOR% GEQ 25 if exist "%LIB%\switchboard-%KIND%.aot" set OPTS=%OPTS% "-XX:AOTCache=%LIB%\switchboard-%KIND%.aot" -Xlog:aot=off,cds=off
rem switchboard.launcher tells `service install` which script a service should start: this one.
"%JAVA%" %SWITCHBOARD_JAVA_OPTS% %OPTS% "-Dswitchboard.launcher=%~f0" -cp "%JAR%" dev.switchboard.cli.Main %*
exit /b %ERRORLEVEL%

rem :try JAVA_EXE  keeps it in JAVA (its major version in MAJOR) if it is Java 21+ and newer than what we have
:try
if not exist "%~1" exit /b 0
set "V="
set "M="
for /f "tokens=2 delims==" %%v in ('""%~1" -XshowSettings:properties -version 2^>^&1 ^| findstr /c:"java.specification.version""') do set "V=%%v"
if not defined V exit /b 0
for /f "tokens=1 delims=. " %%m in ("%V%") do set "M=%%m"
if not defined M exit /b 0
if %M% LSS 21 exit /b 0
if %M% LEQ %MAJOR% exit /b 0
set "JAVA=%~1"
set "MAJOR=%M%"
exit /b 0

:nojar
echo switchboard: %LIB% holds no switchboard-server jar; unpack the release archive again 1>&2
exit /b 1
:badhome
echo switchboard: SWITCHBOARD_JAVA_HOME=%SWITCHBOARD_JAVA_HOME% is not a Java 21 or newer JDK 1>&2
exit /b 1
:nojava
echo switchboard: Switchboard needs Java 21 or newer; set SWITCHBOARD_JAVA_HOME to a JDK 21+ installation 1>&2
exit /b 1
