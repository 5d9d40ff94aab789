from exocalc.cli import main

main()
